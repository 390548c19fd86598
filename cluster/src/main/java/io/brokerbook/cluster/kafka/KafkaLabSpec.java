package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ShownPath;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to start: an immutable description of an in-JVM lab cluster. Every setter returns a new spec.
 * <pre>
 * KafkaLabSpec.defaults().brokers(3).controllers(1).dataDir(Path.of("data"))
 * </pre>
 */
public final class KafkaLabSpec {
    /** The port the class's notebooks write as {@code localhost:9092}. */
    public static final int CLASSIC_FIRST_PORT = 9092;

    private final Fields fields;

    /** The spec's values; a spec's own are never changed once it is built, a setter changes a copy. */
    private static final class Fields {
        int brokers = 3;
        int controllers = 1;
        int firstBrokerId = 101;
        Path dataDir;
        boolean ephemeralPorts;
        int firstPort = CLASSIC_FIRST_PORT;
        int partitions = 1;
        Integer replicationFactor;
        Integer minInsyncReplicas;
        int offsetsTopicPartitions = 10;
        int brokerSessionTimeoutMs = 3000;
        Path logFile;
        Map<String, String> brokerOverrides = Map.of();
        ScramCredentials scram;

        Fields copy() {
            Fields c = new Fields();
            c.brokers = brokers;
            c.controllers = controllers;
            c.firstBrokerId = firstBrokerId;
            c.dataDir = dataDir;
            c.ephemeralPorts = ephemeralPorts;
            c.firstPort = firstPort;
            c.partitions = partitions;
            c.replicationFactor = replicationFactor;
            c.minInsyncReplicas = minInsyncReplicas;
            c.offsetsTopicPartitions = offsetsTopicPartitions;
            c.brokerSessionTimeoutMs = brokerSessionTimeoutMs;
            c.logFile = logFile;
            c.brokerOverrides = brokerOverrides;
            c.scram = scram;
            return c;
        }
    }

    private KafkaLabSpec(Fields fields) {
        this.fields = fields;
    }

    private KafkaLabSpec with(Consumer<Fields> change) {
        Fields changed = fields.copy();
        change.accept(changed);
        return new KafkaLabSpec(changed);
    }

    /** 3 brokers (101..103), 1 controller, temp data dir, first broker on 9092 when free. */
    public static KafkaLabSpec defaults() {
        return new KafkaLabSpec(new Fields());
    }

    public KafkaLabSpec brokers(int count) {
        if (count < 1 || count > 9) {
            throw new KafkaLabException("A lab has 1 to 9 brokers, not " + count + ".");
        }
        return with(f -> f.brokers = count);
    }

    public KafkaLabSpec controllers(int count) {
        if (count != 1 && count != 3) {
            throw new KafkaLabException("The controller quorum has 1 or 3 controllers, not " + count + ".");
        }
        return with(f -> f.controllers = count);
    }

    public KafkaLabSpec firstBrokerId(int id) {
        if (id < 10) {
            throw new KafkaLabException("Broker ids start at 10 or more (1..9 are the controllers), not " + id + ".");
        }
        return with(f -> f.firstBrokerId = id);
    }

    /** A directory that keeps topics, records and committed offsets across stop/start; {@code null} = temp dir removed on stop. */
    public KafkaLabSpec dataDir(Path dir) {
        return with(f -> f.dataDir = dir);
    }

    /** {@code true}: every node on a free port chosen by the OS (no 9092). */
    public KafkaLabSpec ephemeralPorts(boolean ephemeral) {
        return with(f -> f.ephemeralPorts = ephemeral);
    }

    /** The port the first broker tries (default 9092); later brokers take the next free ones. */
    public KafkaLabSpec firstPort(int port) {
        if (port < 1024 || port > 65000) {
            throw new KafkaLabException("The first broker port must be between 1024 and 65000, not " + port + ".");
        }
        return with(f -> f.firstPort = port);
    }

    /** {@code num.partitions}: partitions of topics created without a count (auto-created or -1). */
    public KafkaLabSpec partitions(int count) {
        if (count < 1) {
            throw new KafkaLabException("Partitions must be at least 1, not " + count + ".");
        }
        return with(f -> f.partitions = count);
    }

    /** {@code default.replication.factor}; default min(3, brokers). */
    public KafkaLabSpec replicationFactor(int factor) {
        if (factor < 1) {
            throw new KafkaLabException("Replication factor must be at least 1, not " + factor + ".");
        }
        return with(f -> f.replicationFactor = factor);
    }

    /** {@code min.insync.replicas}; default replication factor - 1 (at least 1). */
    public KafkaLabSpec minInsyncReplicas(int count) {
        if (count < 1) {
            throw new KafkaLabException("min.insync.replicas must be at least 1, not " + count + ".");
        }
        return with(f -> f.minInsyncReplicas = count);
    }

    /** Partitions of {@code __consumer_offsets} (Kafka's default is 50; fewer start faster). */
    public KafkaLabSpec offsetsTopicPartitions(int count) {
        if (count < 1) {
            throw new KafkaLabException("offsets.topic.num.partitions must be at least 1, not " + count + ".");
        }
        return with(f -> f.offsetsTopicPartitions = count);
    }

    /** How long the controller waits for heartbeats before it fences a silent (abruptly stopped) broker. */
    public KafkaLabSpec brokerSessionTimeoutMs(int ms) {
        if (ms < 1500) {
            throw new KafkaLabException("broker.session.timeout.ms must be at least 1500, not " + ms + ".");
        }
        return with(f -> f.brokerSessionTimeoutMs = ms);
    }

    /** Where Kafka's INFO log goes; default {@code <tmp>/brokerbook-kafka/logs/kafka-<pid>.log}. */
    public KafkaLabSpec logFile(Path file) {
        return with(f -> f.logFile = file);
    }

    /** Any other server property, applied to brokers and controllers last (e.g. {@code log.retention.ms}). */
    public KafkaLabSpec serverProperty(String key, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(fields.brokerOverrides);
        overrides.put(key, value);
        return with(f -> f.brokerOverrides = Map.copyOf(overrides));
    }

    /**
     * Clients authenticate with SASL/SCRAM-SHA-256 as {@code user} (created at format time, as
     * {@code kafka-storage format --add-scram} does); the brokers talk to each other with the same user.
     */
    public KafkaLabSpec scram(String user, String password) {
        return with(f -> f.scram = new ScramCredentials(user, password));
    }

    /** The SCRAM user of a secured lab; empty = plaintext listeners without authentication. */
    public Optional<ScramCredentials> scram() {
        return Optional.ofNullable(fields.scram);
    }

    public int brokers() {
        return fields.brokers;
    }

    public int controllers() {
        return fields.controllers;
    }

    public int firstBrokerId() {
        return fields.firstBrokerId;
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(fields.dataDir);
    }

    public boolean ephemeralPorts() {
        return fields.ephemeralPorts;
    }

    public int firstPort() {
        return fields.firstPort;
    }

    public int partitions() {
        return fields.partitions;
    }

    public int replicationFactor() {
        return fields.replicationFactor != null ? fields.replicationFactor : Math.min(3, fields.brokers);
    }

    public int minInsyncReplicas() {
        return fields.minInsyncReplicas != null ? fields.minInsyncReplicas : Math.max(1, replicationFactor() - 1);
    }

    /** Replication of the internal topics: min(3, brokers) so stopping one broker never breaks groups. */
    public int internalTopicReplicationFactor() {
        return Math.min(3, fields.brokers);
    }

    public int offsetsTopicPartitions() {
        return fields.offsetsTopicPartitions;
    }

    public int brokerSessionTimeoutMs() {
        return fields.brokerSessionTimeoutMs;
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(fields.logFile);
    }

    public Map<String, String> serverProperties() {
        return fields.brokerOverrides;
    }

    @Override
    public String toString() {
        Fields f = fields;
        return f.brokers + " broker" + (f.brokers == 1 ? "" : "s") + " (" + f.firstBrokerId + ".." + (f.firstBrokerId + f.brokers - 1)
                + ") + " + f.controllers + " controller" + (f.controllers == 1 ? "" : "s")
                + (f.dataDir == null ? ", temp data" : ", data in " + ShownPath.of(f.dataDir))
                + (f.scram == null ? "" : ", SASL/SCRAM-SHA-256 as " + f.scram.user());
    }
}
