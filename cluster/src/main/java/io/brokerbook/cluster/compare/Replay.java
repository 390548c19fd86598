package io.brokerbook.cluster.compare;

/** (g) {@code published} messages sent before a new subscriber asks to start from the beginning: it gets {@code replayed}. */
public record Replay(String system, int published, int replayed) {
}
