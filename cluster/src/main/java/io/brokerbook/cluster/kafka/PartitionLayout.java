package io.brokerbook.cluster.kafka;

import java.util.List;
import java.util.OptionalInt;

/**
 * Where the partitions of some topics live, as data for a picture: every broker (up or down; a down broker of an
 * external cluster has address "-"), per partition its leader, replicas and in-sync replicas (sorted by topic, then
 * partition), and the coordinator: the KRaft controllers and the one leading the metadata quorum (empty when the
 * cluster does not let us describe its quorum).
 */
public record PartitionLayout(List<NodeStatus> brokers, List<PartitionReplicas> partitions, List<Integer> controllers,
                              OptionalInt quorumLeader) {
    public PartitionLayout {
        brokers = List.copyOf(brokers);
        partitions = List.copyOf(partitions);
        controllers = List.copyOf(controllers);
    }
}
