package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One member of a consumer group and its partitions ({@code kafka-consumer-groups --describe --members --verbose}). */
public record GroupMember(String group, String consumerId, String host, String clientId,
                          @Column("#PARTITIONS") int partitionCount, Assignment assignment) {
    /** The partitions of each topic a member owns, shown as Kafka's tool does: {@code orders(0,1,2)}. */
    public record Assignment(SortedMap<String, List<Integer>> partitionsByTopic) {
        public Assignment {
            TreeMap<String, List<Integer>> copy = new TreeMap<>();
            partitionsByTopic.forEach((topic, partitions) -> copy.put(topic, partitions.stream().sorted().toList()));
            partitionsByTopic = java.util.Collections.unmodifiableSortedMap(copy);
        }

        @Override
        public String toString() {
            if (partitionsByTopic.isEmpty()) {
                return "-";
            }
            return partitionsByTopic.entrySet().stream()
                    .map(e -> e.getKey() + "(" + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")) + ")")
                    .collect(Collectors.joining(" "));
        }

        static Assignment of(Map<String, List<Integer>> partitionsByTopic) {
            return new Assignment(new TreeMap<>(partitionsByTopic));
        }
    }
}
