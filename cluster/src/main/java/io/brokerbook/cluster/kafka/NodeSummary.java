package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

/**
 * One broker or controller of the cluster, up or down, with the number of partitions it leads and holds a replica
 * of (0 for a controller): a row of {@code %kafka status}.
 */
public record NodeSummary(int id, @Column("HOST:PORT") String hostPort, NodeRole role, State state, int leaderFor,
                          int replicaOf) {
    /** Whether the node serves. */
    public enum State {
        UP("up"), DOWN("down");

        private final String label;

        State(String label) {
            this.label = label;
        }

        static State of(boolean up) {
            return up ? UP : DOWN;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
