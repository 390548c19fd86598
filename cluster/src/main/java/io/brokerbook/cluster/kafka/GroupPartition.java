package io.brokerbook.cluster.kafka;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One partition as a consumer group sees it ({@code kafka-consumer-groups --describe --group G}).
 *
 * @param currentOffset the group's committed offset; empty when it has committed none
 * @param logEndOffset  the offset the next record will get; empty when no live leader answered
 * @param lag           records the group has still to read; empty when either offset is unknown
 * @param consumerId    the member the partition is assigned to; empty when nobody is assigned
 */
public record GroupPartition(String group, String topic, int partition, OptionalLong currentOffset,
                             OptionalLong logEndOffset, OptionalLong lag, Optional<String> consumerId,
                             Optional<String> host, Optional<String> clientId) {
}
