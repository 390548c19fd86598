package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.Objects;
import java.util.Optional;

/**
 * One config of a topic or broker as {@code kafka-configs --describe} shows it: its value (empty when sensitive or
 * unset), where that value comes from (Kafka's {@code ConfigSource}: DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG,
 * DEFAULT_CONFIG ...) and whether it differs from the default ({@code "*"} in the NON-DEFAULT column).
 */
public record ConfigSetting(@Column("NAME") String name, @Column("VALUE") Optional<String> value,
                            @Column("SOURCE") String source, @Column("NON-DEFAULT") String nonDefault,
                            @Column("SENSITIVE") boolean sensitive, @Column("READ-ONLY") boolean readOnly) {
    public static final String MARK = "*";

    public ConfigSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(nonDefault, "nonDefault");
    }

    public boolean isNonDefault() {
        return MARK.equals(nonDefault);
    }
}
