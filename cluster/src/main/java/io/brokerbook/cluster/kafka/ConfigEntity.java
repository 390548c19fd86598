package io.brokerbook.cluster.kafka;

import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code kafka-configs --entity-type} names and this lab supports: a topic or a broker, with the config source
 * that holds values set on that entity itself ({@code --alter} writes there; {@code --describe} without
 * {@code --all} shows only those).
 */
public enum ConfigEntity {
    TOPICS("topic", ConfigResource.Type.TOPIC, ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
    BROKERS("broker", ConfigResource.Type.BROKER, ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

    private final String singular;
    private final ConfigResource.Type resourceType;
    private final ConfigEntry.ConfigSource ownSource;

    ConfigEntity(String singular, ConfigResource.Type resourceType, ConfigEntry.ConfigSource ownSource) {
        this.singular = singular;
        this.resourceType = resourceType;
        this.ownSource = ownSource;
    }

    /** "topics" or "brokers", as {@code --entity-type} takes them. */
    public static Optional<ConfigEntity> named(String entityType) {
        for (ConfigEntity e : values()) {
            if (e.plural().equals(entityType)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public String plural() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String singular() {
        return singular;
    }

    ConfigResource.Type resourceType() {
        return resourceType;
    }

    ConfigEntry.ConfigSource ownSource() {
        return ownSource;
    }
}
