package io.brokerbook.cluster.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** MqttLab's in-JVM broker: HiveMQ CE in a child JVM from cluster-mqtt/target, built by the same reactor. */
class HiveMqLabTest extends MqttBrokerContract {
    @Override
    MqttServerKind kind() {
        return MqttServerKind.HIVEMQ;
    }

    @Override
    String implementationPrefix() {
        return "HiveMQ CE 2025.5 (in-JVM broker";
    }

    @Test
    void withoutMosquittoOnThePathTheInJvmBrokerIsChosen() {
        assertInstanceOf(HiveMqServer.class, MqttLab.chooseServer(MqttServerOptions.defaults().withSearchPath(work.toString())));
    }
}
