package io.brokerbook.cluster.mqtt;

import io.brokerbook.cluster.lab.Column;

/**
 * One message a subscriber received.
 *
 * @param number   its place in this receive (1, 2, …)
 * @param retained true if the broker kept it and sent it to the new subscription
 * @param duplicate true if it is a redelivery (the DUP flag)
 */
public record MqttReceived(@Column("#") int number, String topic, String payload, @Column("QOS") int qos,
                           boolean retained, @Column("DUP") boolean duplicate) {
}
