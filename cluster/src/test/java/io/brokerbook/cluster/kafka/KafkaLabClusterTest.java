package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        Rows<NodeSummary> brokers = lab.inspect().brokers();
        assertEquals("brokers", brokers.title());
        assertEquals(List.of(101, 102, 103, 1), brokers.stream().map(NodeSummary::id).toList());
        assertEquals(List.of(NodeRole.BROKER, NodeRole.BROKER, NodeRole.BROKER, NodeRole.CONTROLLER),
                brokers.stream().map(NodeSummary::role).toList());
        brokers.forEach(node -> assertEquals(NodeSummary.State.UP, node.state(), node.toString()));
        assertEquals(String.join(",", brokers.stream().limit(3).map(NodeSummary::hostPort).toList()), lab.bootstrapServers());
        int partitionsLed = brokers.stream().mapToInt(NodeSummary::leaderFor).sum();
        assertEquals(lab.inspect().topics(Optional.empty(), false, false).size(), partitionsLed, "every partition has one leader");

        QuorumStatus quorum = lab.inspect().quorum();
        assertEquals(1, quorum.leaderId());
        assertEquals(List.of(1), quorum.currentVoters());
        assertEquals(List.of(101, 102, 103), quorum.currentObservers());
        assertEquals(lab.admin().describeCluster().clusterId().get(), quorum.clusterId());
        assertTrue(quorum.highWatermark() > 0, quorum.toString());

        // __consumer_offsets exists from the start, replicated on the 3 brokers
        Rows<PartitionReplicas> offsetsTopic = lab.inspect().topics(Optional.of("__consumer_offsets"), false, false);
        assertFalse(offsetsTopic.isEmpty());
        offsetsTopic.forEach(p -> assertEquals(3, p.replicas().size()));
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
                Rows<GroupMember> members = lab.inspect().groupMembers(group);
                assertEquals("members of " + group, members.title());
                assertEquals(1, members.size());
                assertEquals(group, members.get(0).group());
                assertEquals(6, members.get(0).partitionCount());
                assertEquals(Map.of("orders", List.of(0, 1, 2, 3, 4, 5)), members.get(0).assignment().partitionsByTopic());
                assertEquals("orders(0,1,2,3,4,5)", members.get(0).assignment().toString());
                GroupStatus state = lab.inspect().groupState(group);
                assertEquals(GroupState.STABLE, state.state());
                assertEquals(1, state.members());
                assertTrue(state.coordinator().orElseThrow().toString().matches("127\\.0\\.0\\.1:\\d+ \\(10[123]\\)"),
                        state.toString());
                assertTrue(state.assignmentStrategy().isPresent(), state.toString());
            }
            GroupOffsets offsets = lab.inspect().groupOffsets(group);
            assertEquals(group, offsets.group());
            assertEquals(6, offsets.partitions().size());
            assertEquals(List.of(0, 1, 2, 3, 4, 5), offsets.partitions().stream().map(GroupPartition::partition).toList());
            offsets.partitions().forEach(p -> {
                assertEquals(OptionalLong.of(0), p.lag(), p.toString());
                assertEquals(p.currentOffset(), p.logEndOffset(), p.toString());
                assertEquals(Optional.empty(), p.consumerId(), "consumer closed: " + p);
            });
            assertEquals(count, offsets.partitions().stream().mapToLong(p -> p.currentOffset().orElseThrow()).sum());
            assertEquals(0, offsets.totalLag());
        }
        Rows<GroupSummary> groups = lab.inspect().groups();
        assertTrue(groups.stream().map(GroupSummary::group).toList().containsAll(List.of("billing", "shipping")));

        Rows<PartitionOffset> latest = lab.inspect().offsets(topic, OffsetSpec.latest());
        assertEquals(6, latest.size());
        assertEquals(count, latest.stream().mapToLong(o -> o.offset().orElseThrow()).sum());
        Rows<PartitionOffset> earliest = lab.inspect().offsets(topic, OffsetSpec.earliest());
        assertEquals(6, earliest.size());
        earliest.forEach(o -> assertEquals(OptionalLong.of(0), o.offset()));
    }

    @Test
    void topicsTableHasKafkaColumnsAndStatus() throws Exception {
        lab.admin().createTopics(List.of(new NewTopic("truck_coordinates", 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
        Rows<PartitionReplicas> topics = lab.inspect().topics(Optional.of("truck_coordinates"), false, false);
        assertEquals(List.of(0, 1), topics.stream().map(PartitionReplicas::partition).toList());
        topics.forEach(p -> {
            assertEquals(PartitionReplicas.Status.OK, p.status(), p.toString());
            assertTrue(p.hasLeader() && p.preferred(), p.toString());
            assertEquals(p.replicas().get(0), p.leader().getAsInt());
            assertEquals(3, p.replicas().size());
            assertEquals(Set.copyOf(p.replicas()), Set.copyOf(p.isr()));
        });
        assertTrue(lab.inspect().topics(Optional.of("truck_coordinates"), true, false).isEmpty());
        assertTrue(lab.inspect().topics(Optional.of("truck_coordinates"), false, true).isEmpty());
        PartitionLayout layout = lab.inspect().layout(Optional.of("truck_coordinates"));
        assertEquals(List.of(101, 102, 103), layout.brokers().stream().map(NodeStatus::id).toList());
        assertEquals(2, layout.partitions().size());
        layout.partitions().forEach(p -> assertEquals(3, p.isr().size()));
        assertEquals(List.of(1), layout.controllers());
        assertEquals(OptionalInt.of(1), layout.quorumLeader());
        // all topics, internal ones included, as kafka-topics --describe
        Set<String> all = lab.inspect().topics(Optional.empty(), false, false).stream().map(PartitionReplicas::topic)
                .collect(Collectors.toSet());
        assertTrue(all.containsAll(List.of("truck_coordinates", "__consumer_offsets")));
    }

    @Test
    void createTopicReturnsOnceEveryPartitionHasALeader() {
        assertEquals(8, lab.createTopic(new NewTopic("ready_at_once", 8, (short) 3)));
        Rows<PartitionReplicas> created = lab.inspect().topics(Optional.of("ready_at_once"), false, false);
        assertEquals(8, created.size());
        created.forEach(p -> assertTrue(p.hasLeader(), p.toString()));
        lab.increasePartitions("ready_at_once", 10);
        Rows<PartitionReplicas> grown = lab.inspect().topics(Optional.of("ready_at_once"), false, false);
        assertEquals(10, grown.size());
        grown.forEach(p -> assertTrue(p.hasLeader(), p.toString()));
        // the cluster's default partition count when none is given (the lab's num.partitions is 1)
        assertEquals(1, lab.createTopic(new NewTopic("default_count", Optional.empty(), Optional.empty())));

        KafkaLabException exists = assertThrows(KafkaLabException.class,
                () -> lab.createTopic(new NewTopic("ready_at_once", 1, (short) 1)));
        assertTrue(exists.getMessage().startsWith("Failed creating topic ready_at_once: ")
                && exists.getMessage().contains("already exists"), exists.getMessage());
        KafkaLabException tooManyReplicas = assertThrows(KafkaLabException.class,
                () -> lab.createTopic(new NewTopic("four_copies", 1, (short) 4)));
        assertTrue(tooManyReplicas.getMessage().contains("replication factor"), tooManyReplicas.getMessage());
        for (KafkaLabException e : List.of(exists, tooManyReplicas)) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aTopicJustCreatedTakesAProduceOnEveryPartitionWithoutARetry() throws Exception {
        // the leaders named by the metadata must already serve their partitions: a produce that got
        // NOT_LEADER_OR_FOLLOWER there was retried, and an idempotent producer could then hold a batch for 2 minutes
        // many partitions: each broker creates their logs one after the other, which widens that moment
        int partitions = lab.createTopic(new NewTopic("produce_at_once", 60, (short) 3));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", lab.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                sent.add(producer.send(new ProducerRecord<>("produce_at_once", p, null, "m" + p)));
            }
            for (var f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
            double retries = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertEquals(0.0, retries, "records retried right after createTopic returned");
        }
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
        Path externalLog;
        try (ExternalKafka external = ExternalKafka.connect(lab.bootstrapServers())) {
            assertFalse(external.ownsServer());
            externalLog = external.logFile().orElseThrow();
            assertNotEquals(lab.logFile().orElseThrow(), externalLog);
            ComponentStatus status = external.status();
            assertEquals(ComponentState.CONNECTED, status.state());
            assertEquals(Optional.of(lab.bootstrapServers()), status.address());
            assertEquals(Optional.empty(), status.dataDir());
            assertEquals(List.of(101, 102, 103), external.brokerIds());
            assertEquals(List.of(1), external.controllerIds());
            Rows<PartitionReplicas> seenByLab = lab.inspect().topics(Optional.of("external_view"), false, false);
            assertEquals(3, seenByLab.size());
            assertEquals(seenByLab, external.inspect().topics(Optional.of("external_view"), false, false));
            Rows<NodeSummary> brokers = external.inspect().brokers();
            assertEquals(List.of(101, 102, 103, 1), brokers.stream().map(NodeSummary::id).toList());
            brokers.forEach(node -> assertEquals(NodeSummary.State.UP, node.state(), node.toString()));
            assertEquals(lab.inspect().quorum().clusterId(), external.inspect().quorum().clusterId());
            PartitionLayout layout = external.inspect().layout(Optional.of("external_view"));
            assertEquals(List.of(1), layout.controllers());
            assertEquals(OptionalInt.of(1), layout.quorumLeader());

            KafkaLabException stop = assertThrows(KafkaLabException.class, () -> external.stopBroker(101, false));
            KafkaLabException start = assertThrows(KafkaLabException.class, () -> external.startBroker(101));
            assertEquals("Cannot stop broker 101: " + lab.bootstrapServers() + " is an external cluster; only brokers"
                    + " of a lab started here can be stopped or started.", stop.getMessage());
            assertTrue(start.getMessage().startsWith("Cannot start broker 101: "), start.getMessage());
        }
        assertFalse(Files.exists(externalLog.getParent()), "the connection's run dir goes at disconnect: " + externalLog);
        // the lab's Kafka logs go to the lab's file again
        long before = Files.size(lab.logFile().orElseThrow());
        lab.admin().createTopics(List.of(new NewTopic("after_external", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        LabTestSupport.waitUntil("the lab logs to its own file again", Duration.ofSeconds(20),
                () -> lab.logFile().orElseThrow().toFile().length() > before);
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
