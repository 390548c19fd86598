package io.brokerbook.cluster.mqtt;

import java.util.Locale;

/** Which broker {@link MqttLab#start} runs: Debian's mosquitto, or HiveMQ CE in a child JVM (the in-JVM broker). */
public enum MqttServerKind {
    MOSQUITTO, HIVEMQ;

    /** {@code mosquitto} / {@code hivemq}, or a one-line error. */
    public static MqttServerKind parse(String name) {
        for (MqttServerKind kind : values()) {
            if (kind.flag().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new MqttLabException("Unknown MQTT server '" + name + "': use mosquitto or hivemq.");
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
