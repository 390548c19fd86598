package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

/** One binding as {@code rabbitmqctl list_bindings} names its columns. */
public record BindingInfo(@Column("source_name") String sourceName,
                          @Column("source_kind") String sourceKind,
                          @Column("destination_name") String destinationName,
                          @Column("destination_kind") String destinationKind,
                          @Column("routing_key") String routingKey,
                          @Column("arguments") String arguments) {
    public static final java.util.List<String> DEFAULT_COLUMNS =
        java.util.List.of("source_name", "source_kind", "destination_name", "destination_kind", "routing_key", "arguments");
}
