package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One partition as {@code kafka-topics --describe} shows it: which broker leads it (none when it is offline), which
 * brokers hold a replica (the first is the preferred leader), which replicas are in sync, and its status.
 *
 * @param preferred whether the leader is the preferred replica (where Kafka puts leadership back when it can)
 */
public record PartitionReplicas(@Column("Topic") String topic, @Column("Partition") int partition,
                                @Column("Leader") OptionalInt leader, @Column("Replicas") List<Integer> replicas,
                                @Column("Isr") List<Integer> isr, @Column("Preferred") boolean preferred,
                                @Column("Status") Status status) {
    /** ok, under-replicated (fewer in-sync replicas than replicas) or offline (no live leader). */
    public enum Status {
        OK("ok"), UNDER_REPLICATED("under-replicated"), OFFLINE("offline");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public PartitionReplicas {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(leader, "leader");
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        Objects.requireNonNull(status, "status");
    }

    public boolean hasLeader() {
        return leader.isPresent();
    }

    /** Whether broker {@code brokerId} leads this partition. */
    public boolean ledBy(int brokerId) {
        return leader.isPresent() && leader.getAsInt() == brokerId;
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }
}
