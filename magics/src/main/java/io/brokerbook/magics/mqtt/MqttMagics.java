package io.brokerbook.magics.mqtt;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.mqtt.MqttLab;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The MQTT pack: {@code %mqtt} / {@code %%mqtt pub} with mosquitto_pub / mosquitto_sub flag names, and the
 * {@code mqtt} variable ({@link MqttApi}) for Java cells. Nothing starts until {@code %mqtt start}; the kernel stops
 * the broker at shutdown (the lab slot of kind {@code mqtt}).
 */
public final class MqttMagics implements MagicExtension {
    static final String NOT_RUNNING = "No MQTT broker: run %mqtt start (or %mqtt connect tcp://127.0.0.1:1883) first.";
    private final String searchPath;

    public MqttMagics() {
        this(null);
    }

    /** @param searchPath where to look for mosquitto (PATH syntax); null: the PATH variable and the sbin dirs */
    public MqttMagics(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<MqttLab> slot = host.lab().register(MqttLab.KIND, NOT_RUNNING);
        host.bind("mqtt", MqttApi.class, new MqttApi(slot));
        registry.register(new MqttMagic(slot, host.workDir(), searchPath).magic());
    }
}
