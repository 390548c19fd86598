package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.Column;

import java.util.OptionalLong;

/**
 * A consumer group of a Redis stream, as XINFO GROUPS reports it.
 *
 * @param pending         entries delivered to its consumers and not yet acknowledged (XACK)
 * @param lastDeliveredId the last entry given to the group
 * @param lag             entries of the stream the group has not been given yet (Redis 7+)
 */
public record RedisStreamGroup(String stream, String group, long consumers, long pending,
                               @Column("LAST-DELIVERED-ID") String lastDeliveredId, OptionalLong lag) {
}
