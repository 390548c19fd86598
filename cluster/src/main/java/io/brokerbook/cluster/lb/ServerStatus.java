package io.brokerbook.cluster.lb;

/** A configured server right now: is it taking traffic, how many requests are in flight, how many it got. */
public record ServerStatus(String service, String instanceId, String url, boolean healthy, int inFlight, long requests) {
}
