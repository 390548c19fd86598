package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A server the lab runs as a child process, which never outlives this JVM: it runs under a small supervisor
 * ({@code supervise.sh}) in its own process group, and the supervisor kills that group (SIGTERM, then SIGKILL
 * after {@link #ORPHAN_GRACE}) as soon as the pipe from this JVM closes — which the OS does however the JVM
 * ends, SIGKILL included. Every child server of the lab (Redis now; brokers started as processes later) is
 * started through this class.
 * <p>
 * The server's stdout and stderr go line by line to a log file (never to the notebook), the last lines are
 * kept for crash reports, and a "ready" line can be awaited without polling the port.
 */
public final class SupervisedProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
    /** SIGTERM to SIGKILL once the JVM is gone; nobody waits for a final save then. */
    public static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);
    private static final int RECENT_LINES = 30;

    private final String name;
    private final Process supervisor;
    private final long pid;
    private final Optional<Instant> serverStart;
    private final Path logFile;
    private final Predicate<String> readyLine;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private final Thread copier;
    private final CompletableFuture<SupervisedProcess> exit;
    private volatile boolean stopRequested;

    private SupervisedProcess(String name, Process supervisor, long pid, Path logFile, Predicate<String> readyLine) {
        this.name = name;
        this.supervisor = supervisor;
        this.pid = pid;
        this.serverStart = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
        this.logFile = logFile;
        this.readyLine = readyLine;
        this.copier = new Thread(this::copyOutput, name + "-" + pid + "-log");
        this.copier.setDaemon(true);
        this.copier.start();
        this.exit = supervisor.onExit().thenApplyAsync(p -> {
            killIfSupervisorWasKilled();
            joinCopier(); // so the last lines are known when the exit is
            return this;
        });
    }

    /** Starts describing a server to run: {@code command} is the executable and its arguments. */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** How to run a server; {@link #start()} launches it under its supervisor. */
    public static final class Builder {
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<Path> removeIfOrphaned = new ArrayList<>();
        private Path workDir;
        private Path logFile;
        private Predicate<String> readyLine = line -> false;
        private Duration orphanGrace = ORPHAN_GRACE;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("No command to run");
            }
            this.command = List.copyOf(command);
        }

        /** Variables added to (or overriding) this JVM's environment. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** The server's working directory (required). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Where the server's output goes, appended (required). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** The output line that says the server serves; {@link #ready()} completes with it. */
        public Builder readyWhen(Predicate<String> line) {
            this.readyLine = Objects.requireNonNull(line);
            return this;
        }

        /** A dir of this server that must not outlive the JVM either; removed by the supervisor if the JVM dies. */
        public Builder removeIfOrphaned(Path dir) {
            removeIfOrphaned.add(dir);
            return this;
        }

        public Builder orphanGrace(Duration grace) {
            this.orphanGrace = grace;
            return this;
        }

        /** Launches the server; returns once it runs (not necessarily ready), with its real pid. */
        public SupervisedProcess start() {
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(logFile, "logFile");
            String name = Path.of(command.get(0)).getFileName().toString();
            ProcessBuilder pb = new ProcessBuilder(Supervisor.command(orphanGrace, removeIfOrphaned, command))
                .directory(workDir.toFile());
            pb.environment().putAll(environment);
            Process supervisor;
            try {
                supervisor = pb.start();
            } catch (IOException e) {
                throw new LabException("Cannot run " + command.get(0) + " (through sh): " + e.getMessage(), e);
            }
            long pid = readStartedPid(supervisor, name);
            LOG.debug("{} pid {} runs under supervisor pid {}", name, pid, supervisor.pid());
            return new SupervisedProcess(name, supervisor, pid, logFile, readyLine);
        }

        /** The supervisor's one line on stderr: {@code started PID}. */
        private static long readStartedPid(Process supervisor, String name) {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(supervisor.getErrorStream(), StandardCharsets.UTF_8))) {
                String line = err.readLine();
                if (line != null && line.startsWith("started ")) {
                    return Long.parseLong(line.substring("started ".length()).strip());
                }
                supervisor.destroyForcibly();
                throw new LabException("Cannot start " + name + ": its supervisor said " + (line == null ? "nothing" : "'" + line + "'")
                    + " (is /bin/sh a POSIX shell?)");
            } catch (IOException | NumberFormatException e) {
                supervisor.destroyForcibly();
                throw new LabException("Cannot start " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private void copyOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(supervisor.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                 StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > RECENT_LINES) {
                        recent.removeFirst();
                    }
                }
                if (!ready.isDone() && readyLine.test(line)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            LOG.warn("Copying the output of {} to {} failed", name, logFile, e);
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " ended its output"));
        }
    }

    /** Completes with the ready line; fails if the output ends first (the server exited). */
    public CompletableFuture<String> ready() {
        return ready;
    }

    /** The real server's pid (not the supervisor's). */
    public long pid() {
        return pid;
    }

    public Path logFile() {
        return logFile;
    }

    /** False once the server has exited and its output is read to the end. */
    public boolean isAlive() {
        return !exit.isDone();
    }

    /** Completes when the server has exited, its supervisor with it, and its output is read to the end. */
    public CompletableFuture<SupervisedProcess> onExit() {
        return exit;
    }

    /** True once {@link #destroy} was called: an exit after that is no crash. */
    public boolean stopRequested() {
        return stopRequested;
    }

    public boolean waitForExit(Duration timeout) {
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !isAlive();
        }
    }

    /** How it ended: {@code exit code N} or {@code killed by signal N}; empty while it runs. */
    public String exitDescription() {
        if (isAlive()) {
            return "";
        }
        int code = supervisor.exitValue();
        return code > 128 && code < 160 ? "killed by signal " + (code - 128) : "exit code " + code;
    }

    /** The last lines the server wrote (at most 30), oldest first. */
    public List<String> recentLines() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /** The last {@code n} lines the server wrote, oldest first. */
    public List<String> lastLines(int n) {
        List<String> lines = recentLines();
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /**
     * Stops the server: SIGTERM to its process group, SIGKILL after {@code grace} (done by the supervisor), then
     * waits for the output to be copied. Safe to call twice and after the server exited.
     */
    public void destroy(Duration grace) {
        stopRequested = true;
        OutputStream control = supervisor.getOutputStream();
        if (supervisor.isAlive()) {
            try {
                control.write(Supervisor.stopRequest(grace).getBytes(StandardCharsets.US_ASCII));
                control.flush();
            } catch (IOException e) {
                LOG.debug("The supervisor of {} pid {} is gone", name, pid, e);
            }
            if (!waitForExit(grace.plusSeconds(5))) {
                LOG.warn("The supervisor of {} pid {} did not stop it within {}; killing both", name, pid, grace);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                supervisor.destroyForcibly();
                waitForExit(Duration.ofSeconds(10));
            }
        }
        try {
            control.close();
        } catch (IOException e) {
            LOG.debug("Closing the pipe to the supervisor", e);
        }
        waitForExit(Duration.ofSeconds(5));
    }

    private void joinCopier() {
        try {
            copier.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only if someone killed the supervisor itself: its server must not run on without it. */
    private void killIfSupervisorWasKilled() {
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(h -> h.info().startInstant().equals(serverStart))
            .ifPresent(h -> {
                LOG.warn("The supervisor of {} pid {} was killed; killing the server too", name, pid);
                h.destroyForcibly();
            });
    }

    @Override
    public String toString() {
        return name + "[pid " + pid + (isAlive() ? "" : ", " + exitDescription()) + "]";
    }
}
