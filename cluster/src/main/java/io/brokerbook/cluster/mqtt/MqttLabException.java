package io.brokerbook.cluster.mqtt;

import io.brokerbook.cluster.lab.LabException;

/** An MQTT failure the user can act on, in one line. */
public class MqttLabException extends LabException {
    public MqttLabException(String message) {
        super(message);
    }

    public MqttLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
