package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.zookeeper.ZooKeeperAddress;

import java.util.Optional;

/**
 * The coordinator of a ZooKeeper-mode cluster as {@code %kafka quorum} shows it.
 *
 * @param zookeeper   where the brokers are registered
 * @param controller  the broker in {@code /controller}, if one is elected right now
 * @param serverStats ZooKeeper's own {@code srvr} answer (version, latency, connections, zxid, mode, node count)
 */
public record ZooKeeperCoordinator(ZooKeeperAddress zookeeper, Optional<Integer> controller, String serverStats) {
}
