package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One real 3 brokers + 1 controller lab shared by tests that do not stop brokers. */
class KafkaLabClusterTest {
    private static KafkaLab lab;

    @BeforeAll
    static void startLab() {
        lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1).ephemeralPorts(true));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void threeBrokersAndOneControllerServe() throws Exception {
        ComponentStatus status = lab.status();
        assertEquals("kafka", status.kind());
        assertEquals(ComponentState.RUNNING, status.state());
        assertTrue(lab.ownsServer());
        assertEquals(Optional.of(lab.bootstrapServers()), status.address());
        assertEquals(Optional.of(lab.dataDir()), status.dataDir());
        assertEquals("Apache Kafka 4.1.1 in this JVM (KRaft: 3 brokers + 1 controller)", status.implementation());
        assertEquals(Optional.of("temp data"), status.detail());
        assertEquals(3, lab.admin().describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
        Table brokers = lab.inspect().brokers();
        assertEquals(List.of("ID", "HOST:PORT", "ROLE", "STATE", "LEADER-FOR", "REPLICA-OF"), brokers.columnNames());
        assertEquals(List.of(101, 102, 103, 1), brokers.intColumn("ID").asList());
        assertEquals(List.of("broker", "broker", "broker", "controller"), brokers.stringColumn("ROLE").asList());
        assertEquals(List.of("up", "up", "up", "up"), brokers.stringColumn("STATE").asList());
        assertEquals(String.join(",", brokers.stringColumn("HOST:PORT").asList().subList(0, 3)), lab.bootstrapServers());

        Table quorum = lab.inspect().quorum();
        assertEquals(List.of("ClusterId", "LeaderId", "LeaderEpoch", "HighWatermark", "MaxFollowerLag",
                "MaxFollowerLagTimeMs", "CurrentVoters", "CurrentObservers"), quorum.columnNames());
        assertEquals(1, quorum.intColumn("LeaderId").get(0));
        assertEquals("[1]", quorum.stringColumn("CurrentVoters").get(0));
        assertEquals("[101,102,103]", quorum.stringColumn("CurrentObservers").get(0));
        assertEquals(lab.admin().describeCluster().clusterId().get(), quorum.stringColumn("ClusterId").get(0));

        // __consumer_offsets exists from the start, replicated on the 3 brokers
        Table offsetsTopic = lab.inspect().topics(Optional.of("__consumer_offsets"), false, false);
        assertTrue(offsetsTopic.rowCount() > 0);
        offsetsTopic.stringColumn("Replicas").forEach(r -> assertEquals(3, r.split(",").length));
    }

    @Test
    void twoGroupsEachReadEveryRecordAndLagIsZero() throws Exception {
        String topic = "orders";
        lab.admin().createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get(30, TimeUnit.SECONDS);
        int count = 3000;
        try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 37), "value-" + i));
            }
            producer.flush();
        }
        for (String group : List.of("billing", "shipping")) {
            try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), group)) {
                List<ConsumerRecord<String, String>> records = LabTestSupport.consume(consumer, topic, count, Duration.ofSeconds(60));
                Set<String> values = new HashSet<>();
                records.forEach(r -> values.add(r.value()));
                assertEquals(count, records.size(), group + " read every record once");
                assertEquals(count, values.size());

                // while the consumer is still a member: members and state tables
                Table members = lab.inspect().groupMembers(group);
                assertEquals(List.of("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"), members.columnNames());
                assertEquals(1, members.rowCount());
                assertEquals(6, members.intColumn("#PARTITIONS").get(0));
                assertTrue(members.stringColumn("ASSIGNMENT").get(0).startsWith("orders(0,1,2,3,4,5)"));
                Table state = lab.inspect().groupState(group);
                assertEquals(List.of("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"), state.columnNames());
                assertEquals("Stable", state.stringColumn("STATE").get(0));
                assertEquals(1, state.intColumn("#MEMBERS").get(0));
                assertTrue(state.stringColumn("COORDINATOR (ID)").get(0).matches("127\\.0\\.0\\.1:\\d+ \\(10[123]\\)"));
            }
            Table offsets = lab.inspect().groupOffsets(group);
            assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                    "CONSUMER-ID", "HOST", "CLIENT-ID"), offsets.columnNames());
            assertEquals(6, offsets.rowCount());
            offsets.stringColumn("LAG").forEach(lag -> assertEquals("0", lag));
            offsets.stringColumn("CONSUMER-ID").forEach(id -> assertEquals("-", id)); // consumer closed
            long committed = offsets.stringColumn("CURRENT-OFFSET").asList().stream().mapToLong(Long::parseLong).sum();
            assertEquals(count, committed);
        }
        Table groups = lab.inspect().groups();
        assertEquals(List.of("GROUP", "TYPE", "STATE"), groups.columnNames());
        assertTrue(groups.stringColumn("GROUP").asList().containsAll(List.of("billing", "shipping")));

        Table latest = lab.inspect().offsets(topic, OffsetSpec.latest());
        assertEquals(List.of("Topic", "Partition", "Offset"), latest.columnNames());
        assertEquals(count, latest.stringColumn("Offset").asList().stream().mapToLong(Long::parseLong).sum());
        Table earliest = lab.inspect().offsets(topic, OffsetSpec.earliest());
        earliest.stringColumn("Offset").forEach(o -> assertEquals("0", o));
    }

    @Test
    void topicsTableHasKafkaColumnsAndStatus() throws Exception {
        lab.admin().createTopics(List.of(new NewTopic("truck_coordinates", 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
        Table topics = lab.inspect().topics(Optional.of("truck_coordinates"), false, false);
        assertEquals(List.of("Topic", "Partition", "Leader", "Replicas", "Isr", "Preferred", "Status"), topics.columnNames());
        assertEquals(List.of(0, 1), topics.intColumn("Partition").asList());
        topics.stringColumn("Status").forEach(s -> assertEquals("ok", s));
        assertEquals(0, lab.inspect().topics(Optional.of("truck_coordinates"), true, false).rowCount());
        assertEquals(0, lab.inspect().topics(Optional.of("truck_coordinates"), false, true).rowCount());
        PartitionLayout layout = lab.inspect().layout(Optional.of("truck_coordinates"));
        assertEquals(3, layout.brokers().size());
        assertEquals(2, layout.partitions().size());
        layout.partitions().forEach(p -> assertEquals(3, p.isr().size()));
        // all topics, internal ones included, as kafka-topics --describe
        Set<String> all = new HashSet<>(lab.inspect().topics(Optional.empty(), false, false).stringColumn("Topic").asList());
        assertTrue(all.containsAll(List.of("truck_coordinates", "__consumer_offsets")));
    }

    @Test
    void userErrorsAreOneLineLabExceptions() {
        KafkaLabException unknownTopic = assertThrows(KafkaLabException.class,
                () -> lab.inspect().topics(Optional.of("no_such_topic"), false, false));
        KafkaLabException unknownGroup = assertThrows(KafkaLabException.class, () -> lab.inspect().groupOffsets("no_such_group"));
        KafkaLabException unknownBroker = assertThrows(KafkaLabException.class, () -> lab.stopBroker(999, false));
        KafkaLabException running = assertThrows(KafkaLabException.class, () -> lab.startBroker(102));
        KafkaLabException tooManyReplicas = assertThrows(KafkaLabException.class,
                () -> KafkaLab.start(KafkaLabSpec.defaults().brokers(1).replicationFactor(3)));
        assertEquals("Topic 'no_such_topic' does not exist.", unknownTopic.getMessage());
        assertEquals("Consumer group 'no_such_group' does not exist.", unknownGroup.getMessage());
        assertEquals("There is no broker 999; the brokers are 101, 102, 103.", unknownBroker.getMessage());
        assertEquals("Broker 102 is already running.", running.getMessage());
        assertEquals("Replication factor 3 needs at least 3 brokers; the lab has 1.", tooManyReplicas.getMessage());
        for (KafkaLabException e : List.of(unknownTopic, unknownGroup, unknownBroker, running, tooManyReplicas)) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void externalModeInspectsTheSameAndRefusesBrokerOperations() throws Exception {
        lab.admin().createTopics(List.of(new NewTopic("external_view", 3, (short) 2))).all().get(30, TimeUnit.SECONDS);
        try (ExternalKafka external = ExternalKafka.connect(lab.bootstrapServers())) {
            assertFalse(external.ownsServer());
            ComponentStatus status = external.status();
            assertEquals(ComponentState.CONNECTED, status.state());
            assertEquals(Optional.of(lab.bootstrapServers()), status.address());
            assertEquals(Optional.empty(), status.dataDir());
            assertEquals(List.of(101, 102, 103), external.brokerIds());
            assertEquals(List.of(1), external.controllerIds());
            assertEquals(lab.inspect().topics(Optional.of("external_view"), false, false).print(),
                    external.inspect().topics(Optional.of("external_view"), false, false).print());
            Table brokers = external.inspect().brokers();
            assertEquals(List.of(101, 102, 103, 1), brokers.intColumn("ID").asList());
            assertEquals(List.of("up", "up", "up", "up"), brokers.stringColumn("STATE").asList());
            assertEquals(lab.inspect().quorum().stringColumn("ClusterId").get(0),
                    external.inspect().quorum().stringColumn("ClusterId").get(0));

            KafkaLabException stop = assertThrows(KafkaLabException.class, () -> external.stopBroker(101, false));
            KafkaLabException start = assertThrows(KafkaLabException.class, () -> external.startBroker(101));
            assertEquals("Cannot stop broker 101: " + lab.bootstrapServers() + " is an external cluster; only brokers"
                    + " of a lab started here can be stopped or started.", stop.getMessage());
            assertTrue(start.getMessage().startsWith("Cannot start broker 101: "), start.getMessage());
        }
        KafkaLabException unreachable = assertThrows(KafkaLabException.class, () -> ExternalKafka.connect("not a bootstrap"));
        assertFalse(unreachable.getMessage().contains("\n"));
    }

    @Test
    void kcatListsMetadataProducesAndConsumes() throws Exception {
        Path kcat = Path.of("/usr/bin/kcat");
        assertTrue(Files.isExecutable(kcat), "kcat is missing: apt-get update && apt-get install -y kcat");
        String broker = lab.bootstrapServers().split(",")[0];
        String metadata = run(List.of(kcat.toString(), "-b", broker, "-L"), null);
        assertTrue(metadata.contains("3 brokers:"), metadata);
        assertTrue(metadata.contains("broker 101 at 127.0.0.1:"), metadata);

        run(List.of(kcat.toString(), "-b", broker, "-t", "from_kcat", "-P", "-K", ":"), "a:one\nb:two\nc:three\n");
        assertTrue(lab.admin().listTopics().names().get(10, TimeUnit.SECONDS).contains("from_kcat"),
                "kcat's records created the topic");
        try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), "java-reads-kcat")) {
            List<ConsumerRecord<String, String>> records = LabTestSupport.consume(consumer, "from_kcat", 3, Duration.ofSeconds(30));
            assertEquals(Set.of("a=one", "b=two", "c=three"),
                    Set.copyOf(records.stream().map(r -> r.key() + "=" + r.value()).toList()));
        }
        String consumed = run(List.of(kcat.toString(), "-b", broker, "-q", "-t", "from_kcat", "-C", "-e", "-f", "%k=%s\\n"), null);
        assertEquals(Set.of("a=one", "b=two", "c=three"), Set.copyOf(consumed.lines().filter(l -> !l.isBlank()).toList()));
    }

    @Test
    void nothingListensOnANonLoopbackAddress() throws Exception {
        List<String> listening = LabTestSupport.listeningSocketsOfThisJvm();
        // other test classes in this JVM may hold listeners too: each lab node must be among them, all on loopback
        for (NodeStatus node : lab.nodes()) {
            assertTrue(listening.contains(node.hostPort()), node + " not listening; listeners: " + listening);
        }
        assertTrue(listening.size() >= 4, "3 brokers + 1 controller listen: " + listening);
        listening.forEach(address -> assertTrue(address.startsWith("127.0.0.1:"), "listens on " + address));
    }

    @Test
    void kafkaLogsGoToTheReportedLogFile() throws IOException {
        Path log = lab.logFile().orElseThrow();
        String content = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(content.contains("[BrokerServer id=101] Transition from STARTING to STARTED"), "broker INFO logs in " + log);
        assertTrue(content.contains("[format 101]"), "formatter output in " + log);
    }

    @Test
    void kafkaAskingToEndTheJvmIsReportedNotFatal() throws Exception {
        // what a log dir failure does inside Kafka: Exit.halt from one of its threads
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread kafkaThread = new Thread(() -> {
            try {
                org.apache.kafka.common.utils.Exit.halt(1, "simulated log dir failure");
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "LogDirFailureHandler");
        kafkaThread.start();
        kafkaThread.join(10_000);
        assertTrue(thrown.get() instanceof KafkaExitGuard.KafkaNodeFailure, "the halt was refused: " + thrown.get());
        assertTrue(lab.failures().stream().anyMatch(f -> f.contains("LogDirFailureHandler") && f.contains("simulated log dir failure")),
                "reported: " + lab.failures());
        assertEquals(3, lab.admin().describeCluster().nodes().get(10, TimeUnit.SECONDS).size(), "the lab still serves");
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kcat finished");
        assertEquals(0, process.exitValue(), command + " failed: " + output);
        return output;
    }
}
