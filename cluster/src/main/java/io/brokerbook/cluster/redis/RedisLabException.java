package io.brokerbook.cluster.redis;

/**
 * A failure the user can act on: the message is one line saying what went wrong and what to do
 * (Redis's own error text where Redis gave one).
 */
public class RedisLabException extends RuntimeException {
    public RedisLabException(String message) {
        super(message);
    }

    public RedisLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
