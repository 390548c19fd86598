package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LocalPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a lab starts a server as a child process, the same for every kind: claim the data dir (if any), choose the
 * port ({@link LocalPort}: the default if free, else the next free one), make a temp run dir, launch and wait for
 * the ready line through a {@link Launch}. If another program binds the chosen port before the server does, the
 * start is tried again on the next free port (twice at most; never when the user asked for the port). On any
 * failure the process, the run dir and the data dir's claim are given up and the lab's one-line error is thrown.
 */
public final class ChildServerStart {
    private static final Logger LOG = LoggerFactory.getLogger(ChildServerStart.class);
    private static final int ATTEMPTS = 3;

    private final String kind;
    private final int defaultPort;
    private final String label;
    private final String directories;
    private final Duration stopGrace;
    private final BiFunction<String, Throwable, ? extends LabException> error;

    /**
     * @param kind        the lab kind: names the data dir's claim and the run dir ({@code brokerbook-KIND-PORT-…})
     * @param label       for "Cannot create a temp dir for LABEL", e.g. {@code NATS}
     * @param directories for "Cannot prepare DIRECTORIES", e.g. {@code the NATS directories}
     * @param stopGrace   from SIGTERM to SIGKILL when the server is stopped or given up
     * @param error       the lab's exception for a one-line message and its cause
     */
    public ChildServerStart(String kind, int defaultPort, String label, String directories,
                            Duration stopGrace, BiFunction<String, Throwable, ? extends LabException> error) {
        this.kind = kind;
        this.defaultPort = defaultPort;
        this.label = label;
        this.directories = directories;
        this.stopGrace = stopGrace;
        this.error = error;
    }

    /** What the lab does with a prepared launch; it returns the started lab (and owns the server through {@link Launch#own}). */
    @FunctionalInterface
    public interface Launcher<T> {
        T launch(Launch launch) throws IOException;
    }

    /**
     * Starts the server: {@code port} null means the default if free, else the next free one; {@code dataDir}
     * null means no data dir; {@code workDir} null means the system temp dir.
     *
     * @param serverName for the log line of a retry, e.g. {@code nats-server}
     */
    public <T> T start(Integer port, Path dataDir, Path workDir, String serverName, Launcher<T> launcher) {
        DataDirLock dataLock = dataDir == null ? null : DataDirLock.claim(dataDir, kind, "--data-dir");
        try {
            for (int attempt = 1; ; attempt++) {
                LocalPort chosen = LocalPort.choose(port, defaultPort);
                try {
                    return startOn(chosen, dataLock, workDir, launcher);
                } catch (PortTakenMeanwhile e) {
                    if (port != null || attempt == ATTEMPTS) {
                        throw e.failure;
                    }
                    LOG.info("Port {} was taken while {} started; trying again", chosen.port(), serverName);
                }
            }
        } catch (RuntimeException e) {
            if (dataLock != null) {
                dataLock.close();
            }
            throw e;
        }
    }

    private <T> T startOn(LocalPort port, DataDirLock dataLock, Path workDir, Launcher<T> launcher) {
        Launch launch = new Launch(port, createRunDir(workDir, port.port()), dataLock, stopGrace);
        try {
            return launcher.launch(launch);
        } catch (IOException e) {
            launch.giveUp();
            throw error.apply("Cannot prepare " + directories + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            launch.giveUp();
            throw e;
        }
    }

    private Path createRunDir(Path workDir, int port) {
        try {
            if (workDir == null) {
                return Files.createTempDirectory("brokerbook-" + kind + "-" + port + "-");
            }
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, kind + "-" + port + "-");
        } catch (IOException e) {
            throw error.apply("Cannot create a temp dir for " + label + ": " + e.getMessage(), e);
        }
    }

    /** Another program bound the chosen port between the check and the server's bind. */
    private static final class PortTakenMeanwhile extends RuntimeException {
        final LabException failure;

        PortTakenMeanwhile(LabException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** One try at starting on a chosen port: the run dir is made; the lab launches its process through this. */
    public static final class Launch {
        private final Duration stopGrace;
        private final LocalPort port;
        private final Path runDir;
        private final DataDirLock dataLock;
        private SupervisedProcess process;
        private long launchedNanos;

        private Launch(LocalPort port, Path runDir, DataDirLock dataLock, Duration stopGrace) {
            this.stopGrace = stopGrace;
            this.port = port;
            this.runDir = runDir;
            this.dataLock = dataLock;
        }

        public LocalPort port() {
            return port;
        }

        public Path runDir() {
            return runDir;
        }

        /** The claimed data dir, or null without one. */
        public Path dataDir() {
            return dataLock == null ? null : dataLock.dir();
        }

        /** The log file the user asked for (absolute), else {@code defaultName} in the run dir; its dir is created. */
        public Path logFile(Path requested, String defaultName) throws IOException {
            Path logFile = requested != null ? requested.toAbsolutePath() : runDir.resolve(defaultName);
            Files.createDirectories(logFile.getParent());
            return logFile;
        }

        /**
         * Launches {@code command} in the run dir as a supervised process whose output goes to {@code logFile};
         * the supervisor removes the run dir if this JVM dies without stopping the server.
         */
        public SupervisedProcess launch(List<String> command, Path logFile, Predicate<String> readyLine) {
            return launch(command, Map.of(), logFile, readyLine);
        }

        /** As {@link #launch(List, Path, Predicate)}, with these variables added to the process's environment. */
        public SupervisedProcess launch(List<String> command, Map<String, String> environment, Path logFile,
                                        Predicate<String> readyLine) {
            launchedNanos = System.nanoTime();
            process = SupervisedProcess.builder(command)
                .environment(environment)
                .workDir(runDir)
                .logFile(logFile)
                .readyWhen(readyLine)
                .removeIfOrphaned(runDir)
                .start();
            return process;
        }

        /**
         * Waits for the ready line ({@link StartupWait}); returns the time from launch to ready. A failure becomes
         * {@code error}'s one line, tried again on another port if a line of the server's output satisfies
         * {@code portTaken}.
         *
         * @param name   the executable's name, for the error line
         * @param reason picks the telling line from the server's last output lines
         */
        public Duration awaitReady(String name, Duration timeout, Function<List<String>, String> reason,
                                   Predicate<String> portTaken, Function<String, ? extends LabException> error) {
            try {
                StartupWait.await(process, name, timeout, reason);
            } catch (LabException e) {
                boolean taken = process.recentLines().stream().anyMatch(portTaken);
                LabException failure = error.apply(e.getMessage());
                throw taken ? new PortTakenMeanwhile(failure) : failure;
            }
            return Duration.ofNanos(System.nanoTime() - launchedNanos);
        }

        /**
         * The launched server, now the lab's: stopping it also removes the run dir and releases the data dir.
         * {@code crashReport} words its unexpected exit.
         */
        public ChildServer own(Function<SupervisedProcess, String> crashReport) {
            return new ChildServer(process, runDir, dataLock, stopGrace, crashReport);
        }

        private void giveUp() {
            if (process != null) {
                process.destroy(stopGrace);
            }
            DirectoryTree.delete(runDir);
        }
    }
}
