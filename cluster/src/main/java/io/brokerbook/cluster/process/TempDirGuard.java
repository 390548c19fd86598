package io.brokerbook.cluster.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Removes a temp dir if this JVM dies without removing it itself (SIGKILL, an out-of-memory kill, a halt): a
 * supervisor with no server that waits for the pipe from this JVM to close. The JVM removes the dir as usual on
 * a normal stop and then {@link #close()}s the guard, which ends the supervisor without removing anything.
 */
public final class TempDirGuard implements AutoCloseable {
    /** Looked up when something is logged: the kernel starts without starting log4j. */
    private static Logger log() {
        return LoggerFactory.getLogger(TempDirGuard.class);
    }

    private final Path dir;
    private final Process supervisor;

    private TempDirGuard(Path dir, Process supervisor) {
        this.dir = dir;
        this.supervisor = supervisor;
    }

    /** Guards {@code dir}; if the supervisor cannot start, logs why and guards nothing (the dir is still removed on a normal stop). */
    public static TempDirGuard guard(Path dir) {
        ProcessBuilder pb = new ProcessBuilder(Supervisor.command(Duration.ZERO, List.of(dir), List.of()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return new TempDirGuard(dir, pb.start());
        } catch (IOException e) {
            log().warn("Cannot start the guard of {}; it stays behind if this JVM is killed: {}", dir, e.toString());
            return new TempDirGuard(dir, null);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Ends the guard without removing the dir (the JVM has removed it, or keeps it on purpose). */
    @Override
    public void close() {
        if (supervisor == null || !supervisor.isAlive()) {
            return;
        }
        try (OutputStream control = supervisor.getOutputStream()) {
            control.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            log().debug("The guard of {} is gone", dir, e);
        }
        try {
            if (!supervisor.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                supervisor.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            supervisor.destroyForcibly();
        }
    }
}
