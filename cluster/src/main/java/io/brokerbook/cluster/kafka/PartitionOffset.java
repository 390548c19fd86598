package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.OptionalLong;

/** The offset of one partition at a point in time ({@code kafka-get-offsets}); empty when no live leader answered. */
public record PartitionOffset(@Column("Topic") String topic, @Column("Partition") int partition,
                              @Column("Offset") OptionalLong offset) {
}
