package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %kafka-metadata-quorum describe --status|--replication}: the KRaft controller quorum, the coordinator. */
final class MetadataQuorumMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-metadata-quorum",
            "Describe the KRaft metadata quorum (the cluster's coordinator), as kafka-metadata-quorum.sh."))
        .positional("describe", "The only command.")
        .flag("--status", "describe: leader, epoch, high watermark, follower lag, voters, observers.")
        .flag("--replication", "describe: every voter and observer with its log end offset and lag.")
        .flag("--human-readable", "describe --replication: accepted (timestamps are always readable).");

    private final KafkaSession session;

    MetadataQuorumMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        if (args.positionals().size() != 1 || !args.positionals().get(0).equals("describe")
            || args.has("--status") == args.has("--replication")) {
            throw new MagicException("kafka-metadata-quorum: usage: %kafka-metadata-quorum describe --status"
                + " (or describe --replication).");
        }
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaCluster cluster = use.cluster();
            if (cluster instanceof ZkKafkaCluster) {
                throw new KafkaLabException("This cluster runs in ZooKeeper mode: it has no KRaft metadata quorum;"
                    + " its coordinator is ZooKeeper (%kafka quorum, %zookeeper-shell get /controller).");
            }
            if (args.has("--status")) {
                QuorumStatus quorum = cluster.inspect().quorum();
                Table status = RecordTable.table("quorum", List.of(quorum));
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < status.columnCount(); c++) {
                    String name = status.column(c).name();
                    text.append(name).append(':').append(" ".repeat(Math.max(1, 24 - name.length())))
                        .append(status.column(c).isMissing(0) ? "-" : status.column(c).getString(0)).append('\n');
                }
                ctx.display(new DisplayData().put(DisplayData.TEXT, text.toString().stripTrailing())
                    .put(DisplayData.HTML, KafkaRenderers.quorum(quorum).data().get(DisplayData.HTML)));
                return;
            }
            ctx.display(RecordTable.of(cluster.inspect().quorumReplication()));
        }
    }
}
