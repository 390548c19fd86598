package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.process.SupervisedProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} child process, run as a {@link SupervisedProcess} (it dies with this JVM, however the
 * JVM dies). What is Redis's own: its "Ready to accept connections" line, and reading its log lines.
 */
final class RedisServerProcess {
    private static final String READY = "Ready to accept connections";
    /** "1234:M 29 Nov 2026 03:38:12.752 # text" → "text". */
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\d+:[A-Za-z] [^#*.\\-]*[#*.\\-] ");

    private final SupervisedProcess process;

    private RedisServerProcess(SupervisedProcess process) {
        this.process = process;
    }

    /**
     * @param removeIfOrphaned the lab's temp dir, removed by the supervisor if this JVM dies without stopping Redis
     */
    static RedisServerProcess launch(RedisBinary binary, List<String> args, Path workingDir, Path logFile,
                                     Path removeIfOrphaned) {
        List<String> command = new ArrayList<>();
        command.add(binary.executable().toString());
        command.addAll(args);
        return new RedisServerProcess(SupervisedProcess.builder(command)
            .workDir(workingDir)
            .logFile(logFile)
            .readyWhen(line -> line.contains(READY))
            .removeIfOrphaned(removeIfOrphaned)
            .start());
    }

    /** Waits for the ready line; if the server exits first, throws with its own reason. */
    void awaitReady(Duration timeout) {
        try {
            process.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!waitForExit(Duration.ofSeconds(5))) {
                destroy(Duration.ofSeconds(5)); // output stopped but the process lives on: never leave it behind
            }
            throw new RedisLabException("redis-server exited during start-up (" + process.exitDescription() + "): "
                + startupFailureReason());
        } catch (TimeoutException e) {
            destroy(Duration.ofSeconds(5));
            throw new RedisLabException("redis-server did not get ready within " + timeout.toSeconds()
                + " s; see " + process.logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(Duration.ofSeconds(5));
            throw new RedisLabException("Interrupted while starting redis-server.");
        }
    }

    /** The most telling line Redis logged: a bind failure or fatal config error, else its last line. */
    String startupFailureReason() {
        List<String> lines = process.recentLines();
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
            best = lines.isEmpty() ? "no output (see " + process.logFile() + ")" : lines.get(lines.size() - 1);
        }
        return stripPrefix(best);
    }

    /** True if start-up failed because the port was taken meanwhile (another program bound it first). */
    boolean portWasTaken() {
        return process.recentLines().stream().anyMatch(l -> l.contains("Could not create server") && l.contains("in use"));
    }

    String lastLogLine() {
        List<String> lines = process.recentLines();
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

    List<String> lastLines(int n) {
        return process.lastLines(n);
    }

    /** {@code exit code N} or {@code killed by signal N}; empty while it runs. */
    String exitDescription() {
        return process.exitDescription();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<SupervisedProcess> onExit() {
        return process.onExit();
    }

    Path logFile() {
        return process.logFile();
    }

    boolean waitForExit(Duration timeout) {
        return process.waitForExit(timeout);
    }

    /** SIGTERM (Redis then saves if it has save points, and exits), then SIGKILL after {@code grace}. */
    void destroy(Duration grace) {
        process.destroy(grace);
    }
}
