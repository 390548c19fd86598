package io.brokerbook.cluster.kafka;

/** The two kinds of node of a lab: brokers hold partitions, controllers form the KRaft quorum. */
public enum NodeRole {
    BROKER("broker"),
    CONTROLLER("controller");

    private final String label;

    NodeRole(String label) {
        this.label = label;
    }

    /** As shown in tables and in Kafka's {@code process.roles}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
