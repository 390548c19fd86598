package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentStatus;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start, stop and restart of whole labs: each test needs labs of its own. */
class KafkaLabLifecycleTest {

    @Test
    void recordsAndCommittedOffsetsSurviveAFullStopAndStartWithADataDir(@TempDir Path dataDir) throws Exception {
        KafkaLabSpec spec = KafkaLabSpec.defaults().brokers(1).controllers(1).ephemeralPorts(true).dataDir(dataDir);
        Path log;
        try (KafkaLab lab = KafkaLab.start(spec)) {
            assertEquals(dataDir.toAbsolutePath().normalize(), lab.dataDir());
            assertEquals(Optional.of("data kept"), lab.status().detail());
            log = lab.logFile().orElseThrow();
            assertEquals(LabDirectories.labRoot(), log.getParent().getParent(), "the log is in the lab's run dir: " + log);
            assertTrue(Files.isRegularFile(log));
            lab.admin().createTopics(List.of(new NewTopic("my-topic", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("my-topic", "k" + i, "v" + i));
                }
            }
            try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), "my-first-group")) {
                assertEquals(10, LabTestSupport.consume(consumer, "my-topic", 10, Duration.ofSeconds(30)).size());
            }
        }
        assertTrue(Files.isDirectory(dataDir.resolve("broker-101")), "a chosen data dir is kept");
        assertFalse(Files.exists(log.getParent()), "the run dir with the log is not: " + log);

        try (KafkaLab lab = KafkaLab.start(spec)) {
            GroupOffsets offsets = lab.inspect().groupOffsets("my-first-group");
            assertEquals(3, offsets.partitions().size());
            assertEquals(10, offsets.partitions().stream().mapToLong(p -> p.currentOffset().orElseThrow()).sum());
            offsets.partitions().forEach(p -> assertEquals(OptionalLong.of(0), p.lag(), p.toString()));
            try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), "a-new-group")) {
                List<ConsumerRecord<String, String>> records = LabTestSupport.consume(consumer, "my-topic", 10, Duration.ofSeconds(30));
                assertEquals(Set.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"),
                        records.stream().map(ConsumerRecord::value).collect(Collectors.toSet()));
            }
        }
    }

    @Test
    void threeControllersFormAQuorumAndServeTheBrokers() throws Exception {
        KafkaLabSpec spec = KafkaLabSpec.defaults().brokers(2).controllers(3).ephemeralPorts(true);
        try (KafkaLab lab = KafkaLab.start(spec)) {
            assertEquals(List.of(1, 2, 3), lab.controllerIds());
            QuorumStatus quorum = lab.inspect().quorum();
            assertEquals(List.of(1, 2, 3), quorum.currentVoters());
            assertEquals(List.of(101, 102), quorum.currentObservers());
            assertTrue(List.of(1, 2, 3).contains(quorum.leaderId()), quorum.toString());
            lab.admin().createTopics(List.of(new NewTopic("quorum-topic", 2, (short) 2))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
                producer.send(new ProducerRecord<>("quorum-topic", "k", "v")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), "quorum-group")) {
                assertEquals(1, LabTestSupport.consume(consumer, "quorum-topic", 1, Duration.ofSeconds(30)).size());
            }
        }
    }

    @Test
    void stopLeavesNoThreadNoOpenPortAndNoTempDir() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<String> listeningBefore = LabTestSupport.listeningSocketsOfThisJvm();
        KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().ephemeralPorts(true));
        Path dataDir = lab.dataDir();
        Path log = lab.logFile().orElseThrow();
        assertEquals(dataDir.resolve("kafka.log"), log, "the log is in the lab's temp dir");
        assertTrue(Files.size(log) > 0);
        List<String> brokerPorts = List.of(lab.bootstrapServers().split(","));
        try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
            producer.send(new ProducerRecord<>("leak_check", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.isDirectory(dataDir));
        lab.close();
        lab.close(); // idempotent
        assertFalse(lab.isRunning());
        assertEquals(ComponentStatus.stopped("kafka"), lab.status());

        assertFalse(Files.exists(dataDir), "temp data dir removed, with the log");
        assertEquals(listeningBefore, LabTestSupport.listeningSocketsOfThisJvm(), "no listening socket left");
        for (String hostPort : brokerPorts) {
            assertTrue(PortFinder.isFree(Integer.parseInt(hostPort.split(":")[1])), hostPort + " is free again");
        }
        LabTestSupport.waitUntil("every cluster thread ended", Duration.ofSeconds(20),
                () -> newLiveThreads(before).isEmpty());
    }

    @Test
    void firstBrokerTakes9092WhenFreeAndTwoLabsDoNotClash() throws Exception {
        boolean classicPortFree = PortFinder.isFree(KafkaLabSpec.CLASSIC_FIRST_PORT);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        KafkaLab first;
        try {
            first = KafkaLab.start(KafkaLabSpec.defaults().brokers(2));
        } finally {
            System.setOut(stdout);
        }
        try (first; KafkaLab second = KafkaLab.start(KafkaLabSpec.defaults().brokers(1))) {
            assertEquals("", captured.toString(StandardCharsets.UTF_8), "Kafka printed nothing to stdout while starting");
            int firstPort = port(first.bootstrapServers().split(",")[0]);
            if (classicPortFree) {
                assertEquals(9092, firstPort);
            }
            assertTrue(firstPort >= 9092);
            assertTrue(port(first.bootstrapServers().split(",")[1]) > firstPort, "the next brokers take the following free ports");
            assertNotEquals(first.bootstrapServers(), second.bootstrapServers());
            assertNotEquals(first.dataDir(), second.dataDir());
            assertNotEquals(first.inspect().quorum().clusterId(), second.inspect().quorum().clusterId());
            first.admin().createTopics(List.of(new NewTopic("only_in_first", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            assertFalse(second.admin().listTopics().names().get(10, TimeUnit.SECONDS).contains("only_in_first"));
            assertEquals(List.of(101, 1), second.inspect().brokers().stream().map(NodeSummary::id).toList());
        }
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static List<String> newLiveThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !isJvmOrLibraryWide(t.getName()))
                .map(Thread::getName).sorted().toList();
    }

    /** Threads that are not the lab's: JUnit/JVM ones and log4j's. */
    private static boolean isJvmOrLibraryWide(String name) {
        return name.startsWith("Attach Listener") || name.startsWith("process reaper") || name.startsWith("Log4j2-");
    }
}
