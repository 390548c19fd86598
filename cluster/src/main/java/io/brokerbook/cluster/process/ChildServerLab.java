package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.ServerLab;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ServerLab} whose own server, when it started one, is a {@link ChildServer}: what it says about that
 * server (pid, log, crash) comes from there, and is empty for an existing server it connected to.
 */
public interface ChildServerLab extends ServerLab {
    /** The server this lab started; empty for an existing server. */
    Optional<ChildServer> childServer();

    @Override
    default boolean ownsServer() {
        return childServer().isPresent();
    }

    /** Present once the server this lab started has died without a stop. */
    @Override
    default Optional<String> crashReport() {
        return childServer().flatMap(ChildServer::crash);
    }

    default Optional<Long> pid() {
        return childServer().map(ChildServer::pid);
    }

    @Override
    default Optional<Path> logFile() {
        return childServer().map(ChildServer::logFile);
    }

    /** The last {@code n} lines the server this lab started wrote to its log (none for an existing server). */
    @Override
    default List<String> lastLogLines(int n) {
        return childServer().map(s -> s.lastLines(n)).orElse(List.of());
    }
}
