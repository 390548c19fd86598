package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

/** One client connection as {@code rabbitmqctl list_connections} names its columns. */
public record ConnectionInfo(@Column("name") String name,
                             @Column("user") String user,
                             @Column("peer_host") String peerHost,
                             @Column("peer_port") long peerPort,
                             @Column("state") String state,
                             @Column("channels") long channels,
                             @Column("protocol") String protocol,
                             @Column("client_properties") String clientName) {
    public static final java.util.List<String> DEFAULT_COLUMNS = java.util.List.of("user", "peer_host", "peer_port", "state");
}
