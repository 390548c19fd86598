package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.List;
import java.util.Objects;

/**
 * Where one partition of a reassignment plan stands ({@code kafka-reassign-partitions --verify}): its replicas now,
 * the plan's target, and whether the move is done, still running, or not running with other replicas than planned.
 */
public record ReassignmentState(@Column("Topic") String topic, @Column("Partition") int partition,
                                @Column("Current") List<Integer> current, @Column("Target") List<Integer> target,
                                @Column("Status") Status status) {
    public enum Status {
        COMPLETED("completed"), IN_PROGRESS("in progress"), NOT_RUNNING("not running, replicas differ");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public ReassignmentState {
        Objects.requireNonNull(topic, "topic");
        current = List.copyOf(current);
        target = List.copyOf(target);
        Objects.requireNonNull(status, "status");
    }

    /** Kafka's line for this partition. */
    public String line() {
        String tp = topic + "-" + partition;
        return switch (status) {
            case COMPLETED -> "Reassignment of partition " + tp + " is completed.";
            case IN_PROGRESS -> "Reassignment of partition " + tp + " is still in progress.";
            case NOT_RUNNING -> "There is no active reassignment of partition " + tp + ", but replica set is "
                + join(current) + " rather than " + join(target) + ".";
        };
    }

    private static String join(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
