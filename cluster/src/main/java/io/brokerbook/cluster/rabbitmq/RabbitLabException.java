package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.LabException;

/** A RabbitMQ failure the user can act on, in one line (RabbitMQ's own reply text where it gave one). */
public class RabbitLabException extends LabException {
    public RabbitLabException(String message) {
        super(message);
    }

    public RabbitLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
