package io.brokerbook.cluster.lb;

import io.brokerbook.cluster.lab.LabException;

/** A load-balancer lab failure whose message is one clear line for the user. */
public class LbException extends LabException {
    public LbException(String message) {
        super(message);
    }

    public LbException(String message, Throwable cause) {
        super(message, cause);
    }
}
