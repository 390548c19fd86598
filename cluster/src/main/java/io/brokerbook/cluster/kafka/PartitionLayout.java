package io.brokerbook.cluster.kafka;

import java.util.List;

/**
 * Where the partitions of some topics live, as data for a picture: every broker (up or down) and, per partition,
 * its leader, replicas and in-sync replicas. Partitions are sorted by topic, then partition.
 */
public record PartitionLayout(List<Broker> brokers, List<Partition> partitions) {
    /** A leader id meaning "no leader" (the partition is offline). */
    public static final int NO_LEADER = -1;

    public PartitionLayout {
        brokers = List.copyOf(brokers);
        partitions = List.copyOf(partitions);
    }

    /** A broker; {@code hostPort} is "-" for a down broker whose address is unknown (external cluster). */
    public record Broker(int id, String hostPort, boolean up) {
    }

    public record Partition(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr) {
        public Partition {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }

        public boolean hasLeader() {
            return leader != NO_LEADER;
        }

        /** The leader is the first replica, where Kafka puts leadership back when it can. */
        public boolean preferredLeader() {
            return hasLeader() && !replicas.isEmpty() && replicas.get(0) == leader;
        }

        public boolean underReplicated() {
            return isr.size() < replicas.size();
        }
    }
}
