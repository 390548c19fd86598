package io.brokerbook.cluster.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A lab component for one server, either a child process the lab started or an existing server it connected to:
 * what its pack's start, stop and status lines show the same way for every kind.
 */
public interface ServerLab extends LabComponent {
    /** The address clients use, e.g. {@code nats://127.0.0.1:4222}. */
    String url();

    /** Why the server is not on its default port, when it is not. */
    Optional<String> portNote();

    /** Present once the server this lab started has died without a stop. */
    Optional<String> crashReport();

    /** The server's log file (none for an existing server). */
    Optional<Path> logFile();

    /** The last {@code n} lines of the server's log (none for an existing server). */
    List<String> lastLogLines(int n);
}
