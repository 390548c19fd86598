package io.brokerbook.cluster.compare;

/** (c) A subscriber goes offline while {@code published} messages are sent, then comes back: it gets {@code received}. */
public record OfflineCatchUp(String system, int published, int received) {
    public boolean getsEverything() {
        return received == published;
    }
}
