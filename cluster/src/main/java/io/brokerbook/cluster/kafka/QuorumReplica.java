package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.time.Instant;
import java.util.Optional;

/** One replica of the metadata log, as {@code kafka-metadata-quorum describe --replication} shows it. */
public record QuorumReplica(@Column("NodeId") int nodeId, @Column("LogEndOffset") long logEndOffset,
                            @Column("Lag") long lag, @Column("LastFetchTimestamp") Optional<Instant> lastFetchTimestamp,
                            @Column("LastCaughtUpTimestamp") Optional<Instant> lastCaughtUpTimestamp,
                            @Column("Status") Role status) {
    /** Leader and followers vote (controllers); observers (brokers) only follow. */
    public enum Role {
        LEADER("Leader"), FOLLOWER("Follower"), OBSERVER("Observer");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
