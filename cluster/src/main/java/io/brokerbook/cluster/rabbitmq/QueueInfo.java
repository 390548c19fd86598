package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

import java.util.OptionalLong;

/** One queue as {@code rabbitmqctl list_queues} names its columns; counters absent until the broker reports them. */
public record QueueInfo(@Column("name") String name,
                        @Column("type") String type,
                        @Column("durable") boolean durable,
                        @Column("auto_delete") boolean autoDelete,
                        @Column("exclusive") boolean exclusive,
                        @Column("arguments") String arguments,
                        @Column("messages") OptionalLong messages,
                        @Column("messages_ready") OptionalLong messagesReady,
                        @Column("messages_unacknowledged") OptionalLong messagesUnacknowledged,
                        @Column("messages_persistent") OptionalLong messagesPersistent,
                        @Column("consumers") OptionalLong consumers,
                        @Column("memory") OptionalLong memory,
                        @Column("state") String state,
                        @Column("policy") String policy) {
    /** rabbitmqctl's default columns. */
    public static final java.util.List<String> DEFAULT_COLUMNS = java.util.List.of("name", "messages");
}
