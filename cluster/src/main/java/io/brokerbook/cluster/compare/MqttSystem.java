package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.mqtt.MqttLab;
import io.brokerbook.cluster.mqtt.MqttServerOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * MQTT at one QoS through the lab's broker (mosquitto, or HiveMQ CE in a child JVM): a durable identity is a client id with a persistent session (clean session
 * off); competing members share a subscription ({@code $share/GROUP/topic}); nothing is replayed.
 */
final class MqttSystem implements MessagingSystem {
    private final MqttServerOptions options;
    private final int qos;
    private MqttLab lab;
    /**
     * A publishing client of its own, as a publishing service has (the lab's publish() checks the server and the
     * topic on every call, for the magics' one-line errors).
     */
    private MqttClient publisher;
    private final LastEncoded encoded = new LastEncoded();
    /** The topic of the channel last published to (no concat per message). */
    private String lastChannel;
    private String lastTopic;

    MqttSystem(MqttServerOptions options, int qos) {
        this.options = options;
        this.qos = qos;
        start(options);
    }

    private void start(MqttServerOptions with) {
        lab = MqttLab.start(with);
        publisher = lab.newClient("exp-publisher-qos" + qos, true);
    }

    @Override
    public String address() {
        return lab.address();
    }

    @Override
    public String name() {
        return "MQTT QoS " + qos;
    }

    @Override
    public synchronized void publish(String channel, String payload) {
        try {
            if (!channel.equals(lastChannel)) {
                lastTopic = "exp/" + channel;
                lastChannel = channel;
            }
            publisher.publish(lastTopic, encoded.bytes(payload), qos, false);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT publish failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        ReceivedQueue received = new ReceivedQueue(keep);
        String clientId = member == null ? group : group + "-" + member;
        String filter = member == null ? "exp/" + channel : "$share/" + group + "/exp/" + channel;
        MqttClient client = lab.newClient(clientId, false, new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            client.subscribe(filter, qos);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT subscribe failed: " + e.getMessage(), e);
        }
        return new Subscriber() {
            @Override
            public List<Received> received(Duration quiet, int enough) {
                return received.drain(quiet, enough);
            }

            @Override
            public Tally tally(Duration quiet, int enough) {
                return received.tally(quiet, enough);
            }

            @Override
            public void close() {
                try {
                    if (client.isConnected()) {
                        client.disconnect(1000);
                    }
                    client.close(true);
                } catch (MqttException e) {
                    // gone with the broker
                }
            }
        };
    }

    @Override
    public synchronized void restartBroker() {
        String address = lab.address();
        closePublisher();
        lab.stop();
        start(options.withPort(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    }

    private void closePublisher() {
        try {
            if (publisher.isConnected()) {
                publisher.disconnect(1000);
            }
            publisher.close(true);
        } catch (MqttException e) {
            // gone with the broker
        }
    }

    @Override
    public synchronized void close() {
        closePublisher();
        lab.stop();
    }
}
