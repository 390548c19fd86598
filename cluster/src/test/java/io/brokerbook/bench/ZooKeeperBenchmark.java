package io.brokerbook.bench;

import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.kafka.ZkKafkaSpec;
import io.brokerbook.cluster.zookeeper.ZooKeeperLab;
import io.brokerbook.cluster.zookeeper.ZooKeeperOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Prints the figures of Activity 1's cluster: a ZooKeeper server and Kafka 3.9 brokers in ZooKeeper mode, each a child
 * JVM (medians of a few rounds after a warm-up). A round starts ZooKeeper + 1 broker and stops both, then ZooKeeper + 3
 * brokers, measures the memory, and stops them. "Ready" is when {@link ZkKafkaCluster#start} returns: every broker
 * serves and {@code __consumer_offsets} is ready. Memory is the resident size (VmRSS) of the broker JVMs, of the
 * ZooKeeper JVM, and what this JVM (the kernel's place) grew by while the 3 brokers ran. Stop is the brokers then
 * ZooKeeper. Targets: ZooKeeper + 1 broker <= 6 s, + 3 brokers <= 8 s, 3 brokers <= 600 MB, stop <= 3 s.
 * System property: bench.runs (rounds, 3).
 */
public final class ZooKeeperBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 3);

    public static void main(String[] args) throws Exception {
        SideBySide.printEnvironment("ZooKeeperBenchmark");
        Path work = Files.createTempDirectory("zookeeper-bench");
        new SideBySide("ZooKeeper 3.8 + Kafka 3.9 brokers, child JVMs (targets: ZK + 1 broker <= 6 s,"
                + " ZK + 3 brokers <= 8 s, 3 broker JVMs <= 600 MB, stop <= 3 s)",
            SideBySide.Metric.lower("ZK start", "s"), SideBySide.Metric.lower("ZK + 1 broker ready", "s"),
            SideBySide.Metric.lower("ZK + 3 brokers ready", "s"), SideBySide.Metric.lower("3 broker JVMs RSS", "MB"),
            SideBySide.Metric.lower("ZK JVM RSS", "MB"), SideBySide.Metric.lower("this JVM grew", "MB"),
            SideBySide.Metric.lower("stop 3 brokers + ZK", "s"))
            .side("ZooKeeper mode", round -> round(work))
            .run(1, RUNS);
    }

    private static double[] round(Path work) throws Exception {
        long t0 = System.nanoTime();
        double zkStart;
        double oneBroker;
        try (ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, null, work))) {
            zkStart = seconds(t0);
            try (ZkKafkaCluster brokers = ZkKafkaCluster.start(ZkKafkaSpec.of("127.0.0.1:" + zk.port()).brokers(1))) {
                oneBroker = seconds(t0);
            }
        }
        System.gc(); // the first cluster's garbage must not count as what the 3 brokers added here
        double before = rssMb(ProcessHandle.current().pid());
        t0 = System.nanoTime();
        ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, null, work));
        ZkKafkaCluster brokers;
        try {
            brokers = ZkKafkaCluster.start(ZkKafkaSpec.of("127.0.0.1:" + zk.port()).brokers(3));
        } catch (RuntimeException e) {
            zk.close();
            throw e;
        }
        double threeBrokers = seconds(t0);
        double brokersRss = rssMb(brokers.brokerPids().values());
        double zkRss = rssMb(zk.pid());
        double grew = rssMb(ProcessHandle.current().pid()) - before;
        t0 = System.nanoTime();
        brokers.close();
        zk.close();
        return new double[] {zkStart, oneBroker, threeBrokers, brokersRss, zkRss, grew, seconds(t0)};
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double rssMb(Collection<Long> pids) throws IOException {
        double total = 0;
        for (long pid : pids) {
            total += rssMb(pid);
        }
        return total;
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}
