package io.brokerbook.cluster.lab;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failure of a lab component that the user can act on. Its message is one line saying what was wrong and
 * what to do; the kernel shows only that line (the cause goes to the kernel log). Every component throws this
 * family, so the magic dispatcher maps it once.
 */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first line of the innermost useful message of {@code e} (futures unwrapped). */
    public static String oneLine(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
            ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
