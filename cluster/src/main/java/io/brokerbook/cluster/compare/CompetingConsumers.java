package io.brokerbook.cluster.compare;

import java.util.List;

/**
 * (f) {@code perConsumer.size()} consumers of one group (queue group, shared subscription) while {@code published}
 * messages are sent: how many each got.
 */
public record CompetingConsumers(String system, int published, List<Integer> perConsumer, int total) {
    /** The group split the work: every message went to exactly one member (counts), and not all to one. */
    public boolean splitsTheWork() {
        return total == published && perConsumer.stream().allMatch(n -> n < published);
    }
}
