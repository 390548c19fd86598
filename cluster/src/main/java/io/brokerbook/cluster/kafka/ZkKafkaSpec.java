package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ShownPath;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Kafka 3.9 cluster in ZooKeeper mode: {@code brokers} brokers with ids from {@code firstBrokerId}, registered in
 * the ZooKeeper at {@code zookeeper} ({@code zookeeper.connect}).
 *
 * @param zookeeper     the ZooKeeper address as the user wrote it ({@code localhost:2181})
 * @param dataDir       the brokers' log dirs ({@code DIR/broker-101}, …) kept across stop/start, or null for a temp dir
 * @param logFile       where the lab's own clients log, or null for the lab's default
 * @param firstPort     the first broker's port if free (9092, as the class's commands use), else the next free ones
 */
public record ZkKafkaSpec(String zookeeper, int brokers, int firstBrokerId, Path dataDir, Path logFile, int firstPort) {
    public ZkKafkaSpec {
        if (brokers < 1 || brokers > 9) {
            throw new KafkaLabException("A lab has 1 to 9 brokers, not " + brokers + ".");
        }
        if (firstPort < 1 || firstPort > 65535 - brokers) {
            throw new KafkaLabException("The brokers' first port must be 1-" + (65535 - brokers) + ", not " + firstPort + ".");
        }
        if (firstBrokerId < 0) {
            throw new KafkaLabException("Broker ids start at 0 or more, not " + firstBrokerId + ".");
        }
    }

    public static ZkKafkaSpec of(String zookeeper) {
        return new ZkKafkaSpec(zookeeper, 1, 101, null, null, KafkaLabSpec.defaults().firstPort());
    }

    public ZkKafkaSpec brokers(int count) {
        return new ZkKafkaSpec(zookeeper, count, firstBrokerId, dataDir, logFile, firstPort);
    }

    public ZkKafkaSpec firstBrokerId(int id) {
        return new ZkKafkaSpec(zookeeper, brokers, id, dataDir, logFile, firstPort);
    }

    public ZkKafkaSpec dataDir(Path dir) {
        return new ZkKafkaSpec(zookeeper, brokers, firstBrokerId, dir, logFile, firstPort);
    }

    public ZkKafkaSpec logFile(Path file) {
        return new ZkKafkaSpec(zookeeper, brokers, firstBrokerId, dataDir, file, firstPort);
    }

    public ZkKafkaSpec firstPort(int port) {
        return new ZkKafkaSpec(zookeeper, brokers, firstBrokerId, dataDir, logFile, port);
    }

    public Optional<Path> dataDirChosen() {
        return Optional.ofNullable(dataDir);
    }

    /** Replication of topics created without a factor and of the internal topics: min(3, brokers). */
    public int replicationFactor() {
        return Math.min(3, brokers);
    }

    @Override
    public String toString() {
        return brokers + " broker" + (brokers == 1 ? "" : "s") + " of Kafka 3.9 in ZooKeeper mode (zookeeper.connect="
            + zookeeper + ")" + (dataDir == null ? ", temp data" : ", data in " + ShownPath.of(dataDir));
    }
}
