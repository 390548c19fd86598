package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.AdminCalls;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import org.apache.kafka.clients.admin.QuorumInfo;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %kafka-metadata-quorum describe --status|--replication}: the KRaft controller quorum, the coordinator. */
final class MetadataQuorumMagic {
    static final ArgSpec SPEC = ClusterOptions.common(ArgSpec.named("kafka-metadata-quorum",
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
        KafkaCluster cluster = ClusterOptions.cluster(session, args, ctx.out());
        if (args.has("--status")) {
            Table status = cluster.inspect().quorum();
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < status.columnCount(); c++) {
                String name = status.column(c).name();
                text.append(name).append(':').append(" ".repeat(Math.max(1, 24 - name.length())))
                    .append(status.column(c).getString(0)).append('\n');
            }
            ctx.display(new DisplayData().put(DisplayData.TEXT, text.toString().stripTrailing())
                .put(DisplayData.HTML, TableDisplay.of(status).data().get(DisplayData.HTML)));
            return;
        }
        QuorumInfo quorum = AdminCalls.await(cluster.admin().describeMetadataQuorum().quorumInfo(), "describing the quorum");
        IntColumn node = IntColumn.create("NodeId");
        LongColumn end = LongColumn.create("LogEndOffset");
        LongColumn lag = LongColumn.create("Lag");
        StringColumn fetch = StringColumn.create("LastFetchTimestamp");
        StringColumn caughtUp = StringColumn.create("LastCaughtUpTimestamp");
        StringColumn status = StringColumn.create("Status");
        for (QuorumInfo.ReplicaState r : quorum.voters()) {
            add(r, quorum, r.replicaId() == quorum.leaderId() ? "Leader" : "Follower", node, end, lag, fetch, caughtUp, status);
        }
        for (QuorumInfo.ReplicaState r : quorum.observers()) {
            add(r, quorum, "Observer", node, end, lag, fetch, caughtUp, status);
        }
        ctx.display(TableDisplay.of(Table.create("metadata quorum replication", node, end, lag, fetch, caughtUp, status)));
    }

    private static void add(QuorumInfo.ReplicaState r, QuorumInfo q, String role, IntColumn node, LongColumn end, LongColumn lag,
                            StringColumn fetch, StringColumn caughtUp, StringColumn status) {
        node.append(r.replicaId());
        end.append(r.logEndOffset());
        lag.append(Math.max(0, q.highWatermark() - r.logEndOffset()));
        fetch.append(r.lastFetchTimestamp().isPresent() ? java.time.Instant.ofEpochMilli(r.lastFetchTimestamp().getAsLong()).toString() : "-");
        caughtUp.append(r.lastCaughtUpTimestamp().isPresent() ? java.time.Instant.ofEpochMilli(r.lastCaughtUpTimestamp().getAsLong()).toString() : "-");
        status.append(role);
    }
}
