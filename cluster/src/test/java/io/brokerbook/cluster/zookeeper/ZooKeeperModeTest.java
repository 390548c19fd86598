package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.kafka.ZkKafkaSpec;
import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real ZooKeeper and real Kafka 3.9 brokers in ZooKeeper mode, child JVMs; what the znodes show. */
class ZooKeeperModeTest {
    /** Away from 9092, where other labs on this machine stop and start brokers (a restarted broker needs its port back). */
    private static final int TEST_PORTS = 29092;

    @Test
    void brokersRegisterInZooKeeperAndLeaveWhenStopped(@TempDir Path work) throws Exception {
        long t0 = System.nanoTime();
        try (ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, null, work))) {
            double zkReady = seconds(t0);
            long t1 = System.nanoTime();
            try (ZkKafkaCluster kafka = ZkKafkaCluster.start(ZkKafkaSpec.of("localhost:" + zk.port()).brokers(3).firstPort(TEST_PORTS))) {
                System.out.printf("ZooKeeper ready in %.1f s; + 3 brokers ready in %.1f s (%.1f s in all)%n",
                    zkReady, seconds(t1), seconds(t0));
                System.out.printf("Memory added: ZooKeeper %d MB + 3 brokers %d MB resident%n", residentMb(zk.pid()),
                    kafka.brokerPids().values().stream().mapToLong(ZooKeeperModeTest::residentMb).sum());
                ZnodeClient znodes = zk.znodes();
                assertEquals("[101, 102, 103]\n", znodes.ls("/brokers/ids"));
                assertTrue(znodes.get("/brokers/ids/101").contains("\"port\":" + kafka.bootstrapServers().split(",")[0].split(":")[1]),
                    znodes.get("/brokers/ids/101"));
                assertTrue(znodes.stat("/brokers/ids/102").contains("ephemeralOwner = 0x"), znodes.stat("/brokers/ids/102"));
                assertFalse(znodes.stat("/brokers/ids/102").contains("ephemeralOwner = 0x0\n"));

                kafka.createTopic(new NewTopic("orders", 3, (short) 3));
                String state = znodes.get("/brokers/topics/orders/partitions/0/state");
                assertTrue(state.contains("\"isr\":[") && state.contains("\"leader\":"), state);

                long t2 = System.nanoTime();
                kafka.stopBroker(102, false);
                System.out.printf("Broker 102 stopped cleanly in %.1f s%n", seconds(t2));
                assertEquals("[101, 103]\n", znodes.ls("/brokers/ids"), "its session ended with it");
                awaitTrue(() -> !isrOf(znodes, "orders").contains("102"), Duration.ofSeconds(30));

                int controller = controllerOf(znodes);
                kafka.stopBroker(controller, false);
                awaitTrue(() -> {
                    try {
                        int now = controllerOf(znodes);
                        return now != controller;
                    } catch (LabException e) {
                        return false; // between two controllers
                    }
                }, Duration.ofSeconds(30));
                assertNotEquals(controller, controllerOf(znodes));

                kafka.startBroker(102);
                awaitTrue(() -> znodes.ls("/brokers/ids").contains("102"), Duration.ofSeconds(10));

                LabException missing = assertThrows(LabException.class, () -> znodes.get("/no/such"));
                assertEquals("Node does not exist: /no/such", missing.getMessage());
                long t3 = System.nanoTime();
                kafka.stop();
                System.out.printf("ZooKeeper-mode cluster (2 running brokers) stopped in %.1f s%n", seconds(t3));
            }
            assertEquals("[]\n", zk.znodes().ls("/brokers/ids"));
        }
    }

    @Test
    void dataDirsKeepTheClusterAcrossAFullStopAndStart(@TempDir Path work) {
        Path zkData = work.resolve("zk-data");
        Path kafkaData = work.resolve("kafka-data");
        String clusterId;
        try (ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, zkData, work));
             ZkKafkaCluster kafka = ZkKafkaCluster.start(ZkKafkaSpec.of("127.0.0.1:" + zk.port()).dataDir(kafkaData).firstPort(TEST_PORTS + 10))) {
            kafka.createTopic(new NewTopic("kept", 1, (short) 1));
            clusterId = zk.znodes().get("/cluster/id");
        }
        assertTrue(Files.isDirectory(zkData.resolve("version-2")));
        assertTrue(Files.isDirectory(kafkaData.resolve("broker-101").resolve("kept-0")));
        try (ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, zkData, work));
             ZkKafkaCluster kafka = ZkKafkaCluster.start(ZkKafkaSpec.of("127.0.0.1:" + zk.port()).dataDir(kafkaData).firstPort(TEST_PORTS + 10))) {
            assertEquals(clusterId, zk.znodes().get("/cluster/id"));
            assertTrue(zk.znodes().ls("/brokers/topics").contains("kept"));
            assertTrue(kafka.inspect().topicNames(false).contains("kept"));
        }
    }

    @Test
    void withoutZooKeeperTheBrokersAreRefusedInOneLine() {
        int port = io.brokerbook.cluster.lab.LocalPort.choose(null, 2181).port();
        LabException e = assertThrows(LabException.class, () -> ZkKafkaCluster.start(ZkKafkaSpec.of("localhost:" + port)));
        assertEquals("No ZooKeeper answers at localhost:" + port + ": start it first with %zookeeper start"
            + " (Kafka in ZooKeeper mode registers its brokers there).", e.getMessage());
    }

    @Test
    void aTakenPortIsRefusedAndAKilledServerShowsAsCrashed(@TempDir Path work) {
        try (ZooKeeperLab zk = ZooKeeperLab.start(new ZooKeeperOptions(null, null, work))) {
            LabException taken = assertThrows(LabException.class, () -> ZooKeeperLab.start(new ZooKeeperOptions(zk.port(), null, work)));
            assertTrue(taken.getMessage().startsWith("Port " + zk.port() + " on 127.0.0.1 is already in use"), taken.getMessage());
            ProcessHandle.of(zk.pid()).ifPresent(ProcessHandle::destroyForcibly);
            awaitTrue(() -> !zk.isRunning(), Duration.ofSeconds(10));
            assertEquals(ComponentState.CRASHED, zk.status().state());
            assertTrue(zk.status().detail().orElseThrow().contains("stopped unexpectedly (killed by signal 9)"), zk.status().toString());
        }
    }

    private static String isrOf(ZnodeClient znodes, String topic) {
        StringBuilder all = new StringBuilder();
        for (String p : znodes.children("/brokers/topics/" + topic + "/partitions")) {
            String state = znodes.get("/brokers/topics/" + topic + "/partitions/" + p + "/state");
            all.append(state, state.indexOf("\"isr\""), state.indexOf(']', state.indexOf("\"isr\"")) + 1);
        }
        return all.toString();
    }

    private static int controllerOf(ZnodeClient znodes) {
        String json = znodes.get("/controller");
        int at = json.indexOf("\"brokerid\":") + "\"brokerid\":".length();
        int end = at;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at, end));
    }

    private static void awaitTrue(Supplier<Boolean> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** VmRSS of a process (Linux), in MB. */
    static long residentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
