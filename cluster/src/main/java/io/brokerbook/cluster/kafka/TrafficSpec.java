package io.brokerbook.cluster.kafka;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code %kafka traffic start} runs: records per second to one topic ({@code keys} distinct keys, or none),
 * and optionally a consumer group of {@code consumers} members reading them.
 */
public record TrafficSpec(String topic, int ratePerSecond, int keys, Optional<String> group, int consumers) {
    public static final int MAX_RATE = 100_000;

    public TrafficSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE) {
            throw new KafkaLabException("The traffic rate must be between 1/s and " + MAX_RATE + "/s, not " + ratePerSecond + "/s.");
        }
        if (keys < 0) {
            throw new KafkaLabException("--keys must be 1 or more (or left out for records without keys).");
        }
        if (group.isPresent() != consumers > 0) {
            throw new KafkaLabException("--group G and --consumers N go together (N at least 1).");
        }
    }
}
