package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;

import java.util.List;
import java.util.Objects;

/**
 * Where a consumer group stands on each partition it has offsets for or is assigned:
 * {@code kafka.group("g").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum()}.
 */
public record GroupOffsets(String group, List<GroupPartition> partitions) {
    public GroupOffsets {
        Objects.requireNonNull(group, "group");
        partitions = List.copyOf(partitions);
    }

    /** The records the group has still to read, over the partitions whose lag is known. */
    public long totalLag() {
        return partitions.stream().mapToLong(p -> p.lag().orElse(0)).sum();
    }

    /** The partitions as a titled table, as {@code kafka-consumer-groups --describe} prints them. */
    public Rows<GroupPartition> rows() {
        return Rows.of("group " + group, partitions);
    }
}
