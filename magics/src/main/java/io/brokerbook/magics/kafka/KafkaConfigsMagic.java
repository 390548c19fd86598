package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.ConfigEntity;
import io.brokerbook.cluster.kafka.ConfigSetting;
import io.brokerbook.cluster.kafka.KafkaConfigs;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;
import java.util.Map;

/**
 * {@code %kafka-configs}: as {@code kafka-configs.sh} for topics and brokers. {@code --describe} shows the configs set
 * on the entity ({@code --all}: every config, values that differ from the default marked); {@code --alter} sets
 * and deletes configs, all or nothing.
 */
final class KafkaConfigsMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-configs",
            "Describe or alter the configs of a topic or broker (as kafka-configs.sh)."))
        .flag("--describe", "List the configs set on the entity (with --all: every config, non-defaults marked).")
        .flag("--alter", "Change the configs of the entity.")
        .flag("--all", "describe: every config, including static and default ones.")
        .option("--entity-type", "topics|brokers", "The kind of entity.")
        .option("--entity-name", "NAME", "The topic name or broker id.")
        .repeatable("--add-config", "K=V[,K=V]", "alter: configs to set, e.g. min.insync.replicas=2 (k=[a,b] for values with commas).")
        .repeatable("--delete-config", "K[,K]", "alter: configs to remove (back to the broker's or Kafka's default).");

    private final KafkaSession session;

    KafkaConfigsMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-configs", args);
        boolean describe = args.has("--describe");
        if (describe == args.has("--alter")) {
            throw new MagicException("kafka-configs: Command must include exactly one action: --describe, --alter.");
        }
        String type = args.value("--entity-type").orElseThrow(() ->
            new MagicException("kafka-configs: give --entity-type topics or --entity-type brokers."));
        ConfigEntity entity = ConfigEntity.named(type).orElseThrow(() -> new MagicException("kafka-configs: Invalid entity type "
            + type + "; this lab's %kafka-configs takes topics or brokers."));
        String name = args.value("--entity-name").orElseThrow(() ->
            new MagicException("kafka-configs: give --entity-name (the topic name or broker id)."));
        if (describe && (args.has("--add-config") || args.has("--delete-config"))) {
            throw new MagicException("kafka-configs: --add-config and --delete-config go with --alter, not --describe.");
        }
        if (!describe && args.has("--all")) {
            throw new MagicException("kafka-configs: --all goes with --describe, not --alter.");
        }
        Map<String, String> add = ConfigList.pairs(args.values("--add-config"));
        List<String> delete = ConfigList.keys(args.values("--delete-config"));
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaConfigs configs = new KafkaConfigs(use.cluster().admin());
            if (describe) {
                Rows<ConfigSetting> settings = configs.describe(entity, name, args.has("--all"));
                ctx.out().println(settings.title() + " are:");
                ctx.display(RecordTable.of(settings, ConfigSetting.class));
            } else {
                configs.alter(entity, name, add, delete);
                ctx.out().println("Completed updating config for " + entity.singular() + " " + name + ".");
            }
        }
    }
}
