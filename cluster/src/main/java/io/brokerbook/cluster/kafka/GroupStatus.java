package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;
import org.apache.kafka.common.GroupState;

import java.util.Optional;

/** A consumer group's coordinator, assignment strategy, state and size ({@code kafka-consumer-groups --describe --state}). */
public record GroupStatus(String group, @Column("COORDINATOR (ID)") Optional<Coordinator> coordinator,
                          Optional<String> assignmentStrategy, GroupState state, @Column("#MEMBERS") int members) {
    /** The broker that coordinates the group, shown as {@code host:port (id)}. */
    public record Coordinator(int id, String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port + " (" + id + ")";
        }
    }
}
