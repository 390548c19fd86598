package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.PartitionOffset;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import org.apache.kafka.clients.admin.OffsetSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code %kafka-get-offsets --topic T [--time -1|-2|latest|earliest|max-timestamp|MS] [--partitions 0,1]}. */
final class GetOffsetsMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-get-offsets",
            "Offsets of a topic's partitions, printed topic:partition:offset (as kafka-get-offsets.sh)."))
        .deprecated("--broker-list", "HOST:PORT", ClusterOptions.BROKER_LIST_NOTE)
        .option("--topic", "TOPIC", "The topic (default: every topic).")
        .option("--time", "TIME", "-1 or latest (default), -2 or earliest, -3 or max-timestamp, or a timestamp in ms.")
        .option("--partitions", "P,P", "Only these partitions.")
        .flag("--exclude-internal-topics", "Leave out internal topics such as __consumer_offsets.");

    private final KafkaSession session;

    GetOffsetsMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-get-offsets", args);
        OffsetSpec spec = spec(args.value("--time", "-1"));
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaCluster cluster = use.cluster();
            String topic = args.value("--topic").orElse(null);
            if (topic != null) {
                ClusterOptions.requireTopic(cluster, topic);
            }
            Set<Integer> wanted = partitions(args);
            List<PartitionOffset> offsets = cluster.inspect().offsets(topic, spec).stream()
                .filter(o -> wanted.isEmpty() || wanted.contains(o.partition()))
                .filter(o -> !args.has("--exclude-internal-topics") || !o.topic().startsWith("__"))
                .toList();
            String text = offsets.stream().map(o -> o.topic() + ":" + o.partition() + ":"
                + (o.offset().isPresent() ? Long.toString(o.offset().getAsLong()) : "-")).collect(Collectors.joining("\n"));
            DisplayData table = RecordTable.of(Rows.of("offsets", offsets), PartitionOffset.class);
            ctx.display(new DisplayData().put(DisplayData.TEXT, text)
                .put(DisplayData.HTML, table.data().get(DisplayData.HTML)));
        }
    }

    /** {@code --partitions 0,1}: the partitions to show; empty = all. */
    private static Set<Integer> partitions(ParsedArgs args) {
        if (!args.has("--partitions")) {
            return Set.of();
        }
        try {
            return Arrays.stream(args.require("--partitions").split(",")).map(String::trim).map(Integer::parseInt)
                .collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new MagicException("kafka-get-offsets: --partitions is a list like 0,1,2.");
        }
    }

    static OffsetSpec spec(String time) {
        return switch (time) {
            case "-1", "latest" -> OffsetSpec.latest();
            case "-2", "earliest" -> OffsetSpec.earliest();
            case "-3", "max-timestamp" -> OffsetSpec.maxTimestamp();
            default -> {
                try {
                    long ms = Long.parseLong(time);
                    if (ms < 0) {
                        throw new NumberFormatException();
                    }
                    yield OffsetSpec.forTimestamp(ms);
                } catch (NumberFormatException e) {
                    throw new MagicException("kafka-get-offsets: --time is -1 (latest), -2 (earliest), -3 (max-timestamp)"
                        + " or a timestamp in ms, not '" + time + "'.");
                }
            }
        };
    }
}
