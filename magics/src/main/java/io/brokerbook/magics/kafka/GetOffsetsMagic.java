package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import org.apache.kafka.clients.admin.OffsetSpec;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code %kafka-get-offsets --topic T [--time -1|-2|latest|earliest|max-timestamp|MS] [--partitions 0,1]}. */
final class GetOffsetsMagic {
    static final ArgSpec SPEC = ClusterOptions.common(ArgSpec.named("kafka-get-offsets",
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
        KafkaCluster cluster = ClusterOptions.cluster(session, args, ctx.out());
        String topic = args.value("--topic").orElse(null);
        if (topic != null) {
            KafkaTopicsMagic.requireTopic(cluster, topic);
        }
        Table offsets = cluster.inspect().offsets(topic, spec);
        if (args.has("--partitions")) {
            Set<Integer> wanted;
            try {
                wanted = Arrays.stream(args.require("--partitions").split(",")).map(String::trim).map(Integer::parseInt)
                    .collect(Collectors.toSet());
            } catch (NumberFormatException e) {
                throw new MagicException("kafka-get-offsets: --partitions is a list like 0,1,2.");
            }
            offsets = offsets.where(offsets.intColumn("Partition").isIn(wanted.stream().mapToInt(Integer::intValue).toArray()));
        }
        if (args.has("--exclude-internal-topics")) {
            offsets = offsets.dropWhere(offsets.stringColumn("Topic").startsWith("__"));
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < offsets.rowCount(); r++) {
            text.append(offsets.stringColumn("Topic").get(r)).append(':').append(offsets.intColumn("Partition").get(r))
                .append(':').append(offsets.stringColumn("Offset").get(r)).append('\n');
        }
        DisplayData table = TableDisplay.of(offsets);
        ctx.display(new DisplayData().put(DisplayData.TEXT, text.toString().stripTrailing())
            .put(DisplayData.HTML, table.data().get(DisplayData.HTML)));
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
