package io.brokerbook.cluster.kafka;

/**
 * The partition filters of {@code kafka-topics --describe}, with Kafka's meaning: under-replicated (fewer in-sync
 * replicas than replicas), under min ISR (no leader, or fewer in-sync replicas than the topic's
 * {@code min.insync.replicas}: acks=all writes fail), at min ISR (exactly that many: one more loss and they fail),
 * unavailable (no live leader).
 */
public enum PartitionFilter {
    UNDER_REPLICATED("--under-replicated-partitions"),
    UNDER_MIN_ISR("--under-min-isr-partitions"),
    AT_MIN_ISR("--at-min-isr-partitions"),
    UNAVAILABLE("--unavailable-partitions");

    private final String flag;

    PartitionFilter(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** Whether this filter needs the topic's {@code min.insync.replicas}. */
    public boolean needsMinIsr() {
        return this == UNDER_MIN_ISR || this == AT_MIN_ISR;
    }

    public boolean test(PartitionReplicas p, int minIsr) {
        return switch (this) {
            case UNDER_REPLICATED -> p.underReplicated();
            case UNDER_MIN_ISR -> !p.hasLeader() || p.isr().size() < minIsr;
            case AT_MIN_ISR -> p.isr().size() == minIsr;
            case UNAVAILABLE -> p.status() == PartitionReplicas.Status.OFFLINE;
        };
    }
}
