package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.SupervisedProcess;
import io.brokerbook.cluster.zookeeper.Kafka3Runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Kafka 3.9 broker in ZooKeeper mode: {@code kafka.Kafka server.properties} in a child JVM of its own (as
 * {@code kafka-server-start.sh} runs it), under the lab's supervisor so it dies with the kernel. Stopped cleanly
 * with SIGTERM (Kafka's controlled shutdown: leaderships move, its ZooKeeper session closes), abruptly with SIGKILL.
 */
final class Kafka3Broker {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Kafka 3.9's default zookeeper.session.timeout.ms: how long a killed broker's /brokers/ids/ID outlives it. */
    static final int SESSION_TIMEOUT_MS = 18_000;
    /**
     * SIGTERM to SIGKILL once the kernel is gone. Its ZooKeeper goes with the kernel, and without it a broker's
     * controlled shutdown only waits and retries; the logs of a kept data dir are recovered at the next start.
     */
    private static final Duration ORPHAN_GRACE = Duration.ofMillis(300);
    private static final Duration CLEAN_STOP_GRACE = Duration.ofSeconds(20);
    /** Heap and JIT sized for a lab broker (measured: ~170 MB resident each); the log cleaner buffer fits in it. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MaxDirectMemorySize=64m");

    private final int id;
    private final int port;
    private final Path logDir;
    private final Path runDir;
    private final Kafka3Runtime runtime;
    private volatile SupervisedProcess process;

    Kafka3Broker(int id, int port, Path logDir, Path runDir, Kafka3Runtime runtime) {
        this.id = id;
        this.port = port;
        this.logDir = logDir;
        this.runDir = runDir;
        this.runtime = runtime;
    }

    int id() {
        return id;
    }

    int port() {
        return port;
    }

    String hostPort() {
        return PortFinder.LOOPBACK + ":" + port;
    }

    Path logFile() {
        return runDir.resolve("broker-" + id + ".log");
    }

    /** server.properties as the class writes it: broker.id, listeners, log.dirs, zookeeper.connect, and lab sizes. */
    static Properties serverProperties(int id, int port, Path logDir, String zookeeperConnect, int replication) {
        Properties p = new Properties();
        p.put("broker.id", Integer.toString(id));
        p.put("listeners", "PLAINTEXT://" + PortFinder.LOOPBACK + ":" + port);
        p.put("advertised.listeners", "PLAINTEXT://" + PortFinder.LOOPBACK + ":" + port);
        p.put("log.dirs", logDir.toString());
        p.put("zookeeper.connect", zookeeperConnect);
        p.put("zookeeper.connection.timeout.ms", "18000");
        p.put("zookeeper.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        p.put("num.partitions", "1");
        p.put("default.replication.factor", Integer.toString(replication));
        p.put("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)));
        p.put("offsets.topic.replication.factor", Integer.toString(replication));
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", Integer.toString(replication));
        p.put("transaction.state.log.min.isr", Integer.toString(Math.max(1, replication - 1)));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("controlled.shutdown.retry.backoff.ms", "500");
        return p;
    }

    /** Launches the broker; {@link #awaitReady} waits for its "started" line. */
    void launch(Properties serverProperties, Path log4jConfig) {
        Path config = runDir.resolve("server-" + id + ".properties");
        try {
            Files.createDirectories(logDir);
            try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                serverProperties.store(out, "Kafka 3.9 broker " + id + " in ZooKeeper mode (written by Brokerbook)");
            }
        } catch (IOException e) {
            throw new KafkaLabException("Cannot write the configuration of broker " + id + ": " + e.getMessage(), e);
        }
        String startedLine = "[KafkaServer id=" + id + "] started";
        process = SupervisedProcess.builder(runtime.command(JVM_OPTIONS, log4jConfig, "kafka.Kafka", List.of(config.toString()),
                "kafka3-broker-" + id))
            .workDir(runDir)
            .logFile(logFile())
            .readyWhen(line -> line.contains(startedLine))
            .removeIfOrphaned(runDir)
            .orphanGrace(ORPHAN_GRACE)
            .start();
    }

    /** Waits until the broker serves; if it exits first, fails with Kafka's own error line. */
    void awaitReady() {
        SupervisedProcess p = process;
        try {
            p.ready().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            p.waitForExit(Duration.ofSeconds(10));
            throw new KafkaLabException("Broker " + id + " exited during start-up (" + p.exitDescription() + "): "
                + firstError().orElse("see " + logFile()));
        } catch (TimeoutException e) {
            throw new KafkaLabException("Broker " + id + " did not start within " + START_TIMEOUT.toSeconds()
                + " s; see " + logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while starting broker " + id + ".");
        }
    }

    /** Kafka's first ERROR line of this run (with its exception message when the line itself says little). */
    Optional<String> firstError() {
        List<String> lines;
        try (Stream<String> all = Files.lines(logFile(), StandardCharsets.UTF_8)) {
            lines = all.toList();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("] ERROR ");
            if (at >= 0) {
                String text = line.substring(at + "] ERROR ".length()).replaceFirst(" \\([a-zA-Z.$]+\\)$", "");
                if (i + 1 < lines.size() && lines.get(i + 1).matches("^[a-zA-Z.$]+(Exception|Error): .*")) {
                    text += " " + lines.get(i + 1).replaceFirst("^[a-zA-Z.$]+\\.", "");
                }
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    boolean isRunning() {
        SupervisedProcess p = process;
        return p != null && p.isAlive();
    }

    /**
     * Present if the broker exited without being stopped (killed from outside, or Kafka gave up): how it ended,
     * and Kafka's error line or else its last log line.
     */
    Optional<String> crash() {
        SupervisedProcess p = process;
        if (p == null || p.isAlive() || p.stopRequested()) {
            return Optional.empty();
        }
        List<String> last = p.lastLines(1);
        String lastLine = last.isEmpty() ? "" : "; last log line: " + withoutLog4jDecoration(last.get(0));
        // killed by a signal, Kafka wrote no error: its last line tells where it was; an exit code comes with one
        String why = p.exitDescription().startsWith("killed") ? lastLine : firstError().map(e -> ": " + e).orElse(lastLine);
        return Optional.of("Kafka broker " + id + " on " + hostPort() + " (pid " + p.pid() + ") stopped unexpectedly ("
            + p.exitDescription() + ")" + why);
    }

    /** The last {@code n} lines the broker's current (or last) process wrote. */
    List<String> lastLogLines(int n) {
        SupervisedProcess p = process;
        return p == null ? List.of() : p.lastLines(n);
    }

    /** {@code [2026-11-30 05:12:01,123] INFO text (logger)} as just {@code text}. */
    private static String withoutLog4jDecoration(String line) {
        return line.replaceFirst("^\\[[^]]*] [A-Z]+ ", "").replaceFirst(" \\([\\w.$]+\\)$", "");
    }

    Optional<Long> pid() {
        SupervisedProcess p = process;
        return p == null || !p.isAlive() ? Optional.empty() : Optional.of(p.pid());
    }

    /** Clean: SIGTERM, Kafka's controlled shutdown. Abrupt: SIGKILL, as a crash (its ZooKeeper session expires later). */
    void stop(boolean abrupt) {
        SupervisedProcess p = process;
        if (p == null) {
            return;
        }
        if (abrupt) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            p.destroy(Duration.ZERO);
        } else {
            p.destroy(CLEAN_STOP_GRACE);
        }
    }

    /** Whether the broker process is gone (after a stop). */
    boolean awaitExit(Duration timeout) {
        SupervisedProcess p = process;
        return p == null || p.waitForExit(timeout);
    }

    @Override
    public String toString() {
        return "broker " + id + " on " + hostPort() + (isRunning() ? "" : " (down)");
    }

    static LabException noSuchBroker(int id, List<Integer> ids) {
        return new KafkaLabException("There is no broker " + id + "; the brokers are "
            + String.join(", ", ids.stream().map(String::valueOf).toList()) + ".");
    }
}
