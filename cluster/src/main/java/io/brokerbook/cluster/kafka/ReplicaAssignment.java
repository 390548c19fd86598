package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Objects;

/** One partition's replica list in a reassignment plan (the first replica is the preferred leader). */
public record ReplicaAssignment(@Column("Topic") String topic, @Column("Partition") int partition,
                                @Column("Replicas") List<Integer> replicas) {
    public ReplicaAssignment {
        Objects.requireNonNull(topic, "topic");
        replicas = List.copyOf(replicas);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
