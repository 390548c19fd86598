package io.brokerbook.qpid;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Remembers the root cause of the first error Qpid logged: a store that fails to open does not fail Qpid's start, it
 * leaves the virtual host node in ERRORED (and its clean-up logs more errors about the same store), and this is the
 * reason to give the kernel in one line.
 */
final class FirstError extends AppenderBase<ILoggingEvent> {
    private volatile String reason;

    @Override
    protected void append(ILoggingEvent event) {
        if (reason != null || !event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return;
        }
        IThrowableProxy root = event.getThrowableProxy();
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root != null && root.getMessage() != null ? root.getMessage() : event.getFormattedMessage();
        reason = message.lines().findFirst().orElse("").strip();
    }

    /** The reason, or {@code fallback} if Qpid logged no error. */
    String reasonOr(String fallback) {
        String r = reason;
        return r == null || r.isEmpty() ? fallback : r;
    }
}
