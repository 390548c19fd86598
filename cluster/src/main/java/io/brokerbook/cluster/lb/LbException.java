package io.brokerbook.cluster.lb;

/** A load-balancer lab failure whose message is one clear line for the user. */
public class LbException extends RuntimeException {
    public LbException(String message) {
        super(message);
    }

    public LbException(String message, Throwable cause) {
        super(message, cause);
    }
}
