package io.brokerbook.cluster.compare;

/** (e) Two independent subscribers (groups) online while {@code published} messages are sent: what each got. */
public record FanOut(String system, int published, int first, int second) {
    public boolean eachGetsEverything() {
        return first == published && second == published;
    }
}
