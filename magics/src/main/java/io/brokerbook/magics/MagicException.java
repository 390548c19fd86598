package io.brokerbook.magics;

/**
 * A user-facing failure: the message is one clear line saying what was wrong and what to do.
 * The kernel shows only the message, never a stack trace.
 */
public class MagicException extends RuntimeException {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
