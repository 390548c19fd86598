package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.Column;

/**
 * A consumer of a stream's group, as XINFO CONSUMERS reports it.
 *
 * @param pending entries it was given and has not acknowledged
 * @param idleMs  milliseconds since it last read
 */
public record RedisStreamConsumer(String group, String consumer, long pending, @Column("IDLE-MS") long idleMs) {
}
