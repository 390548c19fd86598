package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;

/**
 * A user-facing error of the Kafka lab: the message is one line that says what was wrong and what to do
 * (unknown topic, replication factor above the live brokers, unknown broker id, broker already stopped,
 * broker operations on an external cluster, ...).
 */
public class KafkaLabException extends LabException {
    public KafkaLabException(String message) {
        super(message);
    }

    public KafkaLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
