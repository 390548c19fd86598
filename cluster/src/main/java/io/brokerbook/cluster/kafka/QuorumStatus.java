package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.List;
import java.util.OptionalLong;

/**
 * The KRaft metadata quorum (the cluster's coordinator) as {@code kafka-metadata-quorum describe --status} shows it.
 *
 * @param maxFollowerLag       how many metadata records the furthest replica is behind the high watermark
 * @param maxFollowerLagTimeMs how long ago that replica last caught up with the leader; empty when unknown
 * @param currentVoters        the controllers that vote (sorted ids)
 * @param currentObservers     the brokers that follow the metadata log without voting (sorted ids)
 */
public record QuorumStatus(@Column("ClusterId") String clusterId, @Column("LeaderId") int leaderId,
                           @Column("LeaderEpoch") long leaderEpoch, @Column("HighWatermark") long highWatermark,
                           @Column("MaxFollowerLag") long maxFollowerLag,
                           @Column("MaxFollowerLagTimeMs") OptionalLong maxFollowerLagTimeMs,
                           @Column("CurrentVoters") List<Integer> currentVoters,
                           @Column("CurrentObservers") List<Integer> currentObservers) {
    public QuorumStatus {
        currentVoters = List.copyOf(currentVoters);
        currentObservers = List.copyOf(currentObservers);
    }
}
