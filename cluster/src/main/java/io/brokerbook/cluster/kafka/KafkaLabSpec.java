package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ShownPath;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to start: an immutable description of an in-JVM lab cluster. Every setter returns a new spec.
 * <pre>
 * KafkaLabSpec.defaults().brokers(3).controllers(1).dataDir(Path.of("data"))
 * </pre>
 */
public final class KafkaLabSpec {
    /** The port the class's notebooks write as {@code localhost:9092}. */
    public static final int CLASSIC_FIRST_PORT = 9092;

    private final int brokers;
    private final int controllers;
    private final int firstBrokerId;
    private final Path dataDir;
    private final boolean ephemeralPorts;
    private final int firstPort;
    private final int partitions;
    private final Integer replicationFactor;
    private final Integer minInsyncReplicas;
    private final int offsetsTopicPartitions;
    private final int brokerSessionTimeoutMs;
    private final Path logFile;
    private final Map<String, String> brokerOverrides;
    private final ScramCredentials scram;

    private KafkaLabSpec(int brokers, int controllers, int firstBrokerId, Path dataDir, boolean ephemeralPorts,
                         int firstPort, int partitions, Integer replicationFactor, Integer minInsyncReplicas,
                         int offsetsTopicPartitions, int brokerSessionTimeoutMs, Path logFile,
                         Map<String, String> brokerOverrides, ScramCredentials scram) {
        this.brokers = brokers;
        this.controllers = controllers;
        this.firstBrokerId = firstBrokerId;
        this.dataDir = dataDir;
        this.ephemeralPorts = ephemeralPorts;
        this.firstPort = firstPort;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
        this.offsetsTopicPartitions = offsetsTopicPartitions;
        this.brokerSessionTimeoutMs = brokerSessionTimeoutMs;
        this.logFile = logFile;
        this.brokerOverrides = Map.copyOf(brokerOverrides);
        this.scram = scram;
    }

    /** 3 brokers (101..103), 1 controller, temp data dir, first broker on 9092 when free. */
    public static KafkaLabSpec defaults() {
        return new KafkaLabSpec(3, 1, 101, null, false, CLASSIC_FIRST_PORT, 1, null, null, 10, 3000, null, Map.of(), null);
    }

    public KafkaLabSpec brokers(int count) {
        if (count < 1 || count > 9) {
            throw new KafkaLabException("A lab has 1 to 9 brokers, not " + count + ".");
        }
        return new KafkaLabSpec(count, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    public KafkaLabSpec controllers(int count) {
        if (count != 1 && count != 3) {
            throw new KafkaLabException("The controller quorum has 1 or 3 controllers, not " + count + ".");
        }
        return new KafkaLabSpec(brokers, count, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    public KafkaLabSpec firstBrokerId(int id) {
        if (id < 10) {
            throw new KafkaLabException("Broker ids start at 10 or more (1..9 are the controllers), not " + id + ".");
        }
        return new KafkaLabSpec(brokers, controllers, id, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** A directory that keeps topics, records and committed offsets across stop/start; {@code null} = temp dir removed on stop. */
    public KafkaLabSpec dataDir(Path dir) {
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** {@code true}: every node on a free port chosen by the OS (no 9092). */
    public KafkaLabSpec ephemeralPorts(boolean ephemeral) {
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeral, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** The port the first broker tries (default 9092); later brokers take the next free ones. */
    public KafkaLabSpec firstPort(int port) {
        if (port < 1024 || port > 65000) {
            throw new KafkaLabException("The first broker port must be between 1024 and 65000, not " + port + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, port, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** {@code num.partitions}: partitions of topics created without a count (auto-created or -1). */
    public KafkaLabSpec partitions(int count) {
        if (count < 1) {
            throw new KafkaLabException("Partitions must be at least 1, not " + count + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, count,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** {@code default.replication.factor}; default min(3, brokers). */
    public KafkaLabSpec replicationFactor(int factor) {
        if (factor < 1) {
            throw new KafkaLabException("Replication factor must be at least 1, not " + factor + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                factor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** {@code min.insync.replicas}; default replication factor - 1 (at least 1). */
    public KafkaLabSpec minInsyncReplicas(int count) {
        if (count < 1) {
            throw new KafkaLabException("min.insync.replicas must be at least 1, not " + count + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, count, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** Partitions of {@code __consumer_offsets} (Kafka's default is 50; fewer start faster). */
    public KafkaLabSpec offsetsTopicPartitions(int count) {
        if (count < 1) {
            throw new KafkaLabException("offsets.topic.num.partitions must be at least 1, not " + count + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, count, brokerSessionTimeoutMs, logFile, brokerOverrides, scram);
    }

    /** How long the controller waits for heartbeats before it fences a silent (abruptly stopped) broker. */
    public KafkaLabSpec brokerSessionTimeoutMs(int ms) {
        if (ms < 1500) {
            throw new KafkaLabException("broker.session.timeout.ms must be at least 1500, not " + ms + ".");
        }
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, ms, logFile, brokerOverrides, scram);
    }

    /** Where Kafka's INFO log goes; default {@code <tmp>/brokerbook-kafka/logs/kafka-<pid>.log}. */
    public KafkaLabSpec logFile(Path file) {
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, file, brokerOverrides, scram);
    }

    /** Any other server property, applied to brokers and controllers last (e.g. {@code log.retention.ms}). */
    public KafkaLabSpec serverProperty(String key, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(brokerOverrides);
        overrides.put(key, value);
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, overrides, scram);
    }

    /**
     * Clients authenticate with SASL/SCRAM-SHA-256 as {@code user} (created at format time, as
     * {@code kafka-storage format --add-scram} does); the brokers talk to each other with the same user.
     */
    public KafkaLabSpec scram(String user, String password) {
        return new KafkaLabSpec(brokers, controllers, firstBrokerId, dataDir, ephemeralPorts, firstPort, partitions,
                replicationFactor, minInsyncReplicas, offsetsTopicPartitions, brokerSessionTimeoutMs, logFile, brokerOverrides,
                new ScramCredentials(user, password));
    }

    /** The SCRAM user of a secured lab; empty = plaintext listeners without authentication. */
    public Optional<ScramCredentials> scram() {
        return Optional.ofNullable(scram);
    }

    public int brokers() {
        return brokers;
    }

    public int controllers() {
        return controllers;
    }

    public int firstBrokerId() {
        return firstBrokerId;
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    public boolean ephemeralPorts() {
        return ephemeralPorts;
    }

    public int firstPort() {
        return firstPort;
    }

    public int partitions() {
        return partitions;
    }

    public int replicationFactor() {
        return replicationFactor != null ? replicationFactor : Math.min(3, brokers);
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas != null ? minInsyncReplicas : Math.max(1, replicationFactor() - 1);
    }

    /** Replication of the internal topics: min(3, brokers) so stopping one broker never breaks groups. */
    public int internalTopicReplicationFactor() {
        return Math.min(3, brokers);
    }

    public int offsetsTopicPartitions() {
        return offsetsTopicPartitions;
    }

    public int brokerSessionTimeoutMs() {
        return brokerSessionTimeoutMs;
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    public Map<String, String> serverProperties() {
        return brokerOverrides;
    }

    @Override
    public String toString() {
        return brokers + " broker" + (brokers == 1 ? "" : "s") + " (" + firstBrokerId + ".." + (firstBrokerId + brokers - 1)
                + ") + " + controllers + " controller" + (controllers == 1 ? "" : "s")
                + (dataDir == null ? ", temp data" : ", data in " + ShownPath.of(dataDir))
                + (scram == null ? "" : ", SASL/SCRAM-SHA-256 as " + scram.user());
    }
}
