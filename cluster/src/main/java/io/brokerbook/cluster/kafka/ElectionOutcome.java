package io.brokerbook.cluster.kafka;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a leader election did, as {@code kafka-leader-election} reports it: partitions that got a new leader, those
 * where a valid replica was already leader (Kafka's ElectionNotNeeded), and those where it failed, with why.
 */
public record ElectionOutcome(ElectionType type, List<TopicPartition> elected, List<TopicPartition> notNeeded,
                              Map<TopicPartition, String> failed) {
    private static final Comparator<TopicPartition> ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    public ElectionOutcome {
        elected = sorted(elected);
        notNeeded = sorted(notNeeded);
        failed = Map.copyOf(failed);
    }

    private static List<TopicPartition> sorted(List<TopicPartition> partitions) {
        List<TopicPartition> copy = new ArrayList<>(partitions);
        copy.sort(ORDER);
        return List.copyOf(copy);
    }

    /** Kafka's lines: "Successfully completed leader election (PREFERRED) for partitions t-0, t-1", ... */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (!elected.isEmpty()) {
            lines.add("Successfully completed leader election (" + type + ") for partitions " + join(elected));
        }
        if (!notNeeded.isEmpty()) {
            lines.add("Valid replica already elected for partitions " + join(notNeeded));
        }
        failed.keySet().stream().sorted(ORDER).forEach(tp ->
            lines.add("Error completing leader election (" + type + ") for partition: " + tp + ": " + failed.get(tp)));
        return lines;
    }

    private static String join(List<TopicPartition> partitions) {
        return String.join(", ", partitions.stream().map(TopicPartition::toString).toList());
    }
}
