package io.brokerbook.cluster.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A server a lab started as a supervised child process, with what the lab owns around it: its temp run dir and,
 * if the user gave one, its claimed data dir. Says once, in one line, that the server died on its own (a crash),
 * and {@link #stop()}s it: the process (SIGTERM, SIGKILL after the grace), the run dir, the data dir's claim and
 * the lab's JVM shutdown hook. Created by {@link ChildServerStart.Launch#own}.
 */
public final class ChildServer {
    private static final Logger LOG = LoggerFactory.getLogger(ChildServer.class);

    private final SupervisedProcess process;
    private final Path runDir;
    private final DataDirLock dataLock;
    private final Duration stopGrace;
    private final Function<SupervisedProcess, String> crashReport;
    private Thread shutdownHook;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile String crash;

    ChildServer(SupervisedProcess process, Path runDir, DataDirLock dataLock, Duration stopGrace,
                Function<SupervisedProcess, String> crashReport) {
        this.process = process;
        this.runDir = runDir;
        this.dataLock = dataLock;
        this.stopGrace = stopGrace;
        this.crashReport = crashReport;
    }

    /**
     * Runs {@code labStop} at JVM shutdown (the lab closes its clients, then {@link #stop()}s this) and logs the
     * crash report as soon as the process ends on its own.
     */
    public void watch(String hookName, Runnable labStop) {
        shutdownHook = new Thread(labStop, hookName);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        process.onExit().thenRun(() -> crash().ifPresent(LOG::warn));
    }

    /** The one-line report once the server has exited without being stopped; the same line every time after. */
    public Optional<String> crash() {
        if (crash == null && !stopping && !process.isAlive()) {
            crash = crashReport.apply(process);
        }
        return Optional.ofNullable(crash);
    }

    /** From now on an exit is a stop, not a crash (a crash seen before stays one). */
    public void markStopping() {
        stopping = crash().isEmpty();
    }

    /** Stops the server and removes what the lab owned around it. Safe to call twice and after a crash. */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (!stopping) {
                markStopping();
            }
        }
        process.destroy(stopGrace);
        DirectoryTree.delete(runDir);
        if (dataLock != null) {
            dataLock.close();
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook finds the lab stopped
            }
        }
    }

    public SupervisedProcess process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public List<String> lastLines(int n) {
        return process.lastLines(n);
    }

    public Path runDir() {
        return runDir;
    }

    public Optional<Path> dataDir() {
        return dataLock == null ? Optional.empty() : Optional.of(dataLock.dir());
    }

    /**
     * The usual crash line: "{@code server} (pid N) stopped unexpectedly (exit); last log line: L." — without the
     * last line when it is empty.
     *
     * @param server what died and where, e.g. {@code NATS server on 127.0.0.1:4222}
     */
    public static String unexpectedExit(String server, SupervisedProcess process, String exit, String lastLine) {
        return server + " (pid " + process.pid() + ") stopped unexpectedly (" + exit + ")"
            + (lastLine.isEmpty() ? "" : "; last log line: " + lastLine) + ".";
    }

    @Override
    public String toString() {
        return "ChildServer[pid " + process.pid() + ", " + runDir + "]";
    }
}
