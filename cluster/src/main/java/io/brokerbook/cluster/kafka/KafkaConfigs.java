package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code kafka-configs --describe|--alter} for topics and brokers. Every change is checked before anything is sent
 * (the entity exists, every key is a config of that entity, every deleted key is set on it), and Kafka applies
 * the changes of one call to one entity all or none: a refused call changes nothing.
 */
public final class KafkaConfigs {
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;

    public KafkaConfigs(Admin admin) {
        this.admin = admin;
    }

    /**
     * The configs set on the entity itself ({@code --describe}) or every config it has ({@code --describe --all}),
     * sorted by name, each marked when its value is not the default.
     */
    public Rows<ConfigSetting> describe(ConfigEntity entity, String name, boolean all) {
        requireExists(entity, name);
        Config config = describeConfig(entity, name);
        List<ConfigSetting> settings = config.entries().stream()
            .filter(e -> all || e.source() == entity.ownSource())
            .sorted(Comparator.comparing(ConfigEntry::name))
            .map(KafkaConfigs::setting)
            .toList();
        return Rows.of((all ? "All" : "Dynamic") + " configs for " + entity.singular() + " " + name, settings);
    }

    /**
     * Sets {@code add} and removes {@code delete} on one entity ({@code --alter --add-config/--delete-config}).
     * A key the entity does not have, or a deleted key that is not set on it, fails in one line before anything
     * is changed.
     */
    public void alter(ConfigEntity entity, String name, Map<String, String> add, Collection<String> delete) {
        if (add.isEmpty() && delete.isEmpty()) {
            throw new KafkaLabException("Nothing to alter: give --add-config k=v[,k=v] or --delete-config k[,k].");
        }
        requireExists(entity, name);
        Config config = describeConfig(entity, name);
        Set<String> known = new TreeSet<>();
        Set<String> setHere = new TreeSet<>();
        for (ConfigEntry e : config.entries()) {
            known.add(e.name());
            if (e.source() == entity.ownSource()) {
                setHere.add(e.name());
            }
        }
        List<String> unknown = add.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new KafkaLabException("Unknown " + entity.singular() + " config name" + (unknown.size() == 1 ? "" : "s")
                + ": " + String.join(", ", unknown) + "; see them with %kafka-configs --describe --all --entity-type "
                + entity.plural() + " --entity-name " + name + ". Nothing was changed.");
        }
        List<String> notSet = delete.stream().filter(k -> !setHere.contains(k)).sorted().toList();
        if (!notSet.isEmpty()) {
            throw new KafkaLabException("Invalid config(s): " + String.join(",", notSet) + " (not set on " + entity.singular()
                + " " + name + ", so there is nothing to delete). Nothing was changed.");
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        delete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
        add.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        ConfigResource resource = new ConfigResource(entity.resourceType(), name);
        AdminCalls.await(admin.incrementalAlterConfigs(Map.of(resource, ops), new AlterConfigsOptions().timeoutMs(30_000)).all(),
            "updating config for " + entity.singular() + " " + name);
        awaitVisible(entity, name, add, delete);
    }

    /**
     * A change reaches the broker that answers describeConfigs through the metadata log a moment later; waiting
     * for it (bounded) means the next {@code --describe} shows what was just set.
     */
    private void awaitVisible(ConfigEntity entity, String name, Map<String, String> add, Collection<String> delete) {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Config config = describeConfig(entity, name);
            boolean added = add.entrySet().stream().allMatch(e -> {
                ConfigEntry entry = config.get(e.getKey());
                return entry != null && entry.source() == entity.ownSource() && (entry.isSensitive() || e.getValue().equals(entry.value()));
            });
            boolean deleted = delete.stream().allMatch(k -> config.get(k) == null || config.get(k).source() != entity.ownSource());
            if (added && deleted) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The value a topic has for {@code key} now (its own, the broker's or Kafka's default). */
    public Optional<String> topicValue(String topic, String key) {
        ConfigEntry entry = describeConfig(ConfigEntity.TOPICS, topic).get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.value());
    }

    private Config describeConfig(ConfigEntity entity, String name) {
        ConfigResource resource = new ConfigResource(entity.resourceType(), name);
        Map<ConfigResource, Config> configs = AdminCalls.await(
            admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true)).all(),
            "describing the configs of " + entity.singular() + " " + name);
        return configs.get(resource);
    }

    private void requireExists(ConfigEntity entity, String name) {
        if (entity == ConfigEntity.TOPICS) {
            Set<String> topics = AdminCalls.await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), "listing topics");
            if (!topics.contains(name)) {
                throw new KafkaLabException("The topic '" + name + "' doesn't exist; list them with %kafka-topics --list.");
            }
            return;
        }
        int id;
        try {
            id = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new KafkaLabException("The entity name for brokers must be a valid integer broker id, found: " + name + ".");
        }
        boolean live = AdminCalls.await(admin.describeCluster().nodes(), "describing the cluster").stream().anyMatch(n -> n.id() == id);
        if (!live) {
            throw new KafkaLabException("The broker '" + name + "' doesn't exist or is not running; see %kafka status.");
        }
    }

    /** Kafka's default is the value of the DEFAULT_CONFIG synonym; a config with no such synonym has none. */
    private static ConfigSetting setting(ConfigEntry e) {
        Optional<String> value = e.isSensitive() ? Optional.empty() : Optional.ofNullable(e.value());
        boolean nonDefault = e.source() != ConfigEntry.ConfigSource.DEFAULT_CONFIG;
        if (nonDefault) {
            Optional<String> kafkaDefault = e.synonyms().stream()
                .filter(s -> s.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG)
                .map(ConfigEntry.ConfigSynonym::value).findFirst();
            nonDefault = kafkaDefault.isEmpty() || !kafkaDefault.get().equals(e.value());
        }
        return new ConfigSetting(e.name(), value, e.source().name(), nonDefault ? ConfigSetting.MARK : "",
            e.isSensitive(), e.isReadOnly());
    }
}
