package io.brokerbook.cluster.lb;

import java.util.SortedMap;

/**
 * One running replica of a demo service, as {@code %service list} shows it.
 *
 * @param port     the port the app listens on "inside its container" ({@code loadbalancer.server.port})
 * @param address  where that port is published on 127.0.0.1
 * @param health   the status its {@code /health} answers (200 unless changed)
 * @param requests requests it answered, health checks not counted
 * @param labels   its labels, sorted by key
 */
public record ServiceReplica(String service, String replica, ReplicaKind kind, int port, String address, int health,
                             long requests, SortedMap<String, String> labels) {
}
