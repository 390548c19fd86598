package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.ElectionOutcome;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.LeaderElections;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code %kafka-leader-election}: as {@code kafka-leader-election.sh}, with its lines: "Successfully completed leader
 * election (PREFERRED) for partitions t-0", "Valid replica already elected for partitions t-0" (nothing to do).
 */
final class LeaderElectionMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-leader-election",
            "Move leadership back to preferred replicas, or elect an out-of-sync replica (as kafka-leader-election.sh)."))
        .option("--election-type", "preferred|unclean", "preferred: back to the first replica if in sync; unclean: any"
            + " live replica for a partition with no leader (records it missed are lost).")
        .option("--topic", "TOPIC", "The topic of the one partition to elect (with --partition).")
        .option("--partition", "P", "The partition (with --topic).")
        .flag("--all-topic-partitions", "Every partition the election type applies to.");

    private final KafkaSession session;

    LeaderElectionMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-leader-election", args);
        String typeName = args.value("--election-type").orElseThrow(() ->
            new MagicException("kafka-leader-election: give --election-type preferred or --election-type unclean."));
        ElectionType type = switch (typeName.toLowerCase(Locale.ROOT)) {
            case "preferred" -> ElectionType.PREFERRED;
            case "unclean" -> ElectionType.UNCLEAN;
            default -> throw new MagicException("kafka-leader-election: --election-type is preferred or unclean, not '" + typeName + "'.");
        };
        boolean all = args.has("--all-topic-partitions");
        Optional<String> topic = args.value("--topic");
        if (all == topic.isPresent()) {
            throw new MagicException("kafka-leader-election: give either --topic T --partition P or --all-topic-partitions.");
        }
        if (topic.isPresent() != args.has("--partition")) {
            throw new MagicException("kafka-leader-election: --topic and --partition go together.");
        }
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaCluster cluster = use.cluster();
            Optional<Set<TopicPartition>> partitions = Optional.empty();
            if (topic.isPresent()) {
                int partition = args.intValue("--partition").orElseThrow();
                ClusterOptions.requireTopic(cluster, topic.get());
                int count = cluster.inspect().partitionCount(topic.get());
                if (partition < 0 || partition >= count) {
                    throw new KafkaLabException("Partition " + partition + " of topic " + topic.get() + " does not exist (it has "
                        + count + ": 0.." + (count - 1) + ").");
                }
                partitions = Optional.of(Set.of(new TopicPartition(topic.get(), partition)));
            }
            ElectionOutcome outcome = new LeaderElections(cluster.admin()).elect(type, partitions);
            List<String> lines = outcome.lines();
            if (lines.isEmpty()) {
                ctx.out().println("No partition needed a " + type.toString().toLowerCase(Locale.ROOT) + " leader election.");
            }
            lines.forEach(ctx.out()::println);
            if (!outcome.failed().isEmpty()) {
                throw new KafkaLabException(outcome.failed().size() + " replica(s) could not be elected (see the lines above).");
            }
        }
    }
}
