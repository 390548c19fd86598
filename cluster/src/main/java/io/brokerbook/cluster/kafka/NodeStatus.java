package io.brokerbook.cluster.kafka;

/** One node of a lab as the lab itself sees it: {@code up} is whether its server is running in this JVM. */
public record NodeStatus(int id, NodeRole role, String hostPort, boolean up) {
}
