package io.brokerbook.cluster.lb;

/**
 * Requests the proxy sent to one replica since it started or since the last reset, as {@code %lb hits} shows it.
 *
 * @param server the replica's URL
 * @param state  {@code UP} or {@code DOWN} while configured, {@code GONE} once removed (its count stays)
 */
public record ReplicaHits(String service, String replica, String server, State state, long requests) {
    public enum State { UP, DOWN, GONE }
}
