package io.brokerbook.cluster.mqtt;

import io.brokerbook.cluster.process.ExecutableOnPath;
import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MqttLab against Debian's real mosquitto. */
class MqttLabTest extends MqttBrokerContract {
    @BeforeAll
    static void needsMosquitto() {
        RequiredTool.require(ExecutableOnPath.find("mosquitto", null).isPresent(),
            "mosquitto is not installed (apt-get install mosquitto)");
    }

    @Override
    MqttServerKind kind() {
        return MqttServerKind.MOSQUITTO;
    }

    @Override
    String implementationPrefix() {
        return "mosquitto 2.";
    }

    @Test
    void askingForMosquittoWithoutItIsOneLine() {
        MqttLabException missing = assertThrows(MqttLabException.class,
            () -> MqttLab.start(MqttServerOptions.defaults().withSearchPath(work.toString()).withServer(MqttServerKind.MOSQUITTO)));
        assertEquals("mosquitto is not installed (not found on PATH); install it with: sudo apt-get install mosquitto"
            + " (or use the in-JVM broker: --server hivemq)", missing.getMessage());
    }
}
