package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.LabException;

/**
 * A failure the user can act on: the message is one line saying what went wrong and what to do
 * (Redis's own error text where Redis gave one).
 */
public class RedisLabException extends LabException {
    public RedisLabException(String message) {
        super(message);
    }

    public RedisLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
