package io.brokerbook.cluster.lb;

/** Requests the proxy sent to one replica of a service (kept after the replica is gone). */
public record ServerHits(String service, String instanceId, String url, long requests) {
}
