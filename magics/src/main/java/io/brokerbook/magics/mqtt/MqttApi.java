package io.brokerbook.magics.mqtt;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.mqtt.MqttLab;
import org.eclipse.paho.client.mqttv3.MqttClient;

/** The {@code mqtt} variable of Java cells: the lab's MQTT broker, started or connected with {@code %mqtt}. */
public final class MqttApi {
    private final LabSlot<MqttLab> slot;

    MqttApi(LabSlot<MqttLab> slot) {
        this.slot = slot;
    }

    /** The running component: publish, subscribe, typed results. */
    public MqttLab lab() {
        return slot.require();
    }

    /** A new connected Paho client of the lab's broker; close it when done. */
    public MqttClient client(String clientId, boolean cleanSession) {
        return slot.require().newClient(clientId, cleanSession);
    }

    public String url() {
        return slot.require().url();
    }
}
