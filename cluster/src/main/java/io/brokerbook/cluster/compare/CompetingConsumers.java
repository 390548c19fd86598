package io.brokerbook.cluster.compare;

import java.util.List;

/**
 * (f) {@code perConsumer.size()} consumers of one group (queue group, shared subscription) while {@code published}
 * messages are sent: how many each got.
 */
public record CompetingConsumers(String system, int published, List<Integer> perConsumer, int total) {
    /** The group split the work: every message went to exactly one member (counts), and not all to one. */
    public boolean splitsTheWork() {
        return eachMessageToOneMember() && perConsumer.stream().allMatch(n -> n < published);
    }

    /**
     * Every message reached the group exactly once: none lost, none given to two members (as independent subscribers
     * would get it), however unevenly the members shared them.
     */
    public boolean eachMessageToOneMember() {
        return total == published;
    }
}
