package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

/** One exchange as {@code rabbitmqctl list_exchanges} names its columns (the default exchange's name is empty). */
public record ExchangeInfo(@Column("name") String name,
                           @Column("type") String type,
                           @Column("durable") boolean durable,
                           @Column("auto_delete") boolean autoDelete,
                           @Column("internal") boolean internal,
                           @Column("arguments") String arguments) {
    public static final java.util.List<String> DEFAULT_COLUMNS = java.util.List.of("name", "type");
}
