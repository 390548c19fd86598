package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@code kafka-topics --describe} with one {@link PartitionFilter}: the partitions that are in trouble. */
public final class PartitionHealth {
    private final KafkaCluster cluster;

    public PartitionHealth(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    public Rows<PartitionReplicas> partitions(Optional<String> topic, PartitionFilter filter) {
        List<PartitionReplicas> all = cluster.inspect().topics(topic, false, false).rows();
        Map<String, Integer> minIsr = filter.needsMinIsr() ? minIsr(new TreeSet<>(all.stream().map(PartitionReplicas::topic).toList())) : Map.of();
        return Rows.of("topics", all.stream().filter(p -> filter.test(p, minIsr.getOrDefault(p.topic(), 1))).toList());
    }

    /** Each topic's {@code min.insync.replicas} (its own value, else the broker's). */
    public Map<String, Integer> minIsr(Set<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Admin admin = cluster.admin();
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = AdminCalls.await(admin.describeConfigs(resources).all(), "describing topic configs");
        Map<String, Integer> result = new HashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            if (entry != null && entry.value() != null) {
                result.put(resource.name(), Integer.parseInt(entry.value()));
            }
        });
        return result;
    }
}
