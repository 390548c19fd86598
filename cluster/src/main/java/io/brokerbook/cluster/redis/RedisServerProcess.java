package io.brokerbook.cluster.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} child process. Its stdout and stderr go, line by line, to a log file
 * (never to the notebook); the copying thread also notices Redis's "Ready to accept connections"
 * line, so start-up is awaited without polling the port.
 */
final class RedisServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final String READY = "Ready to accept connections";
    private static final int RECENT_LINES = 30;
    /** "1234:M 29 Nov 2026 03:38:12.752 # text" → "text". */
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\d+:[A-Za-z] [^#*.\\-]*[#*.\\-] ");

    private final Process process;
    private final Path logFile;
    private final Thread copier;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Deque<String> recent = new ArrayDeque<>();

    private RedisServerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        this.copier = new Thread(this::copyOutput, "redis-server-" + process.pid() + "-log");
        this.copier.setDaemon(true);
        this.copier.start();
    }

    static RedisServerProcess launch(RedisBinary binary, List<String> args, Path workingDir, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(binary.executable().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        try {
            return new RedisServerProcess(pb.start(), logFile);
        } catch (IOException e) {
            throw new RedisLabException("Cannot run " + binary.executable() + ": " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase().contains("windows") ? "NUL" : "/dev/null");
    }

    private void copyOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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
                if (!ready.isDone() && line.contains(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            LOG.warn("Copying redis-server output to {} failed", logFile, e);
        } finally {
            ready.completeExceptionally(new IllegalStateException("redis-server exited"));
        }
    }

    /** Waits for the ready line; if the server exits first, throws with its own reason. */
    void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!waitForExit(Duration.ofSeconds(5))) {
                destroy(Duration.ofSeconds(5)); // output stopped but the process lives on: never leave it behind
            }
            throw new RedisLabException("redis-server exited during start-up"
                + exitDescription() + ": " + startupFailureReason());
        } catch (TimeoutException e) {
            destroy(Duration.ofSeconds(5));
            throw new RedisLabException("redis-server did not get ready within " + timeout.toSeconds()
                + " s; see " + logFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(Duration.ofSeconds(5));
            throw new RedisLabException("Interrupted while starting redis-server.");
        }
    }

    /** The most telling line Redis logged: a bind failure or fatal config error, else its last line. */
    String startupFailureReason() {
        List<String> lines = recentLines();
        String best = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("Could not create server") || l.contains("Bad directive") || l.contains("FATAL")) {
                best = l;
                if (l.contains("FATAL") && i + 3 < lines.size()) {
                    // "*** FATAL CONFIG FILE ERROR ***", "Reading … at line N", ">>> 'directive'", reason
                    best = lines.get(i + 3).strip() + " " + lines.get(i + 2).strip().replace(">>> ", "");
                }
                break;
            }
        }
        if (best == null) {
            best = lines.isEmpty() ? "no output (see " + logFile + ")" : lines.get(lines.size() - 1);
        }
        return stripPrefix(best);
    }

    String lastLogLine() {
        List<String> lines = recentLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return stripPrefix(lines.get(i));
            }
        }
        return "";
    }

    static String stripPrefix(String line) {
        return LOG_PREFIX.matcher(line.strip()).replaceFirst("").replace("Warning: ", "");
    }

    List<String> recentLines() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /** ", exit code N" — or ", killed by signal N" when the exit code says so (128 + N). */
    String exitDescription() {
        if (process.isAlive()) {
            return "";
        }
        int code = process.exitValue();
        return code > 128 && code < 160 ? ", killed by signal " + (code - 128) : ", exit code " + code;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    Path logFile() {
        return logFile;
    }

    boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * SIGTERM (Redis then saves if it has save points, and exits), then SIGKILL after
     * {@code grace}; waits for the log copier to finish. Signals go through the process handle:
     * {@code Process.destroy()} would also close the output pipe under the copier, losing
     * Redis's shutdown lines and failing the copier with "Stream closed".
     */
    void destroy(Duration grace) {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!waitForExit(grace)) {
                LOG.warn("redis-server pid {} ignored SIGTERM for {}; killing it", process.pid(), grace);
                process.toHandle().destroyForcibly();
                waitForExit(Duration.ofSeconds(10));
            }
        }
        try {
            copier.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
