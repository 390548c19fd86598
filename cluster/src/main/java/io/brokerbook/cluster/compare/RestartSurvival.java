package io.brokerbook.cluster.compare;

/** (d) Messages kept for an offline durable subscriber, the broker restarted (persistence on): {@code survived} reach it. */
public record RestartSurvival(String system, int published, int survived) {
}
