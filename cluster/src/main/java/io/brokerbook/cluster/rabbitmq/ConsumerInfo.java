package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

import java.util.OptionalLong;

/** One consumer as {@code rabbitmqctl list_consumers} names its columns (null/empty: the server does not report it). */
public record ConsumerInfo(@Column("queue_name") String queueName,
                           @Column("channel_pid") String channel,
                           @Column("consumer_tag") String consumerTag,
                           @Column("ack_required") Boolean ackRequired,
                           @Column("prefetch_count") OptionalLong prefetchCount,
                           @Column("active") boolean active,
                           @Column("arguments") String arguments) {
    public static final java.util.List<String> DEFAULT_COLUMNS =
        java.util.List.of("queue_name", "channel_pid", "consumer_tag", "ack_required", "prefetch_count", "active", "arguments");
}
