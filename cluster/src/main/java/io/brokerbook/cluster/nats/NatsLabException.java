package io.brokerbook.cluster.nats;

import io.brokerbook.cluster.lab.LabException;

/** A NATS failure the user can act on, in one line. */
public class NatsLabException extends LabException {
    public NatsLabException(String message) {
        super(message);
    }

    public NatsLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
