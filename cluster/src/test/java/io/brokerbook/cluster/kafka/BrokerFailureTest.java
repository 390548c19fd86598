package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No loss on broker failure: RF 3, min.insync.replicas 2, idempotent producer with acks=all; the broker leading
 * partition 0 is stopped half-way through 200 000 keyed records, cleanly or abruptly. Each test uses its own topic
 * and brings the broker back, so both share one lab.
 */
class BrokerFailureTest {
    private static final int RECORDS = 200_000;
    private static final int KEYS = 1_000;
    private static KafkaLab lab;

    @BeforeAll
    static void startLab() {
        lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1).ephemeralPorts(true).minInsyncReplicas(2));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void noLossWhenTheLeaderStopsCleanly() throws Exception {
        leaderFailsMidway("payments_clean", false);
    }

    @Test
    void noLossWhenTheLeaderStopsAbruptly() throws Exception {
        leaderFailsMidway("payments_abrupt", true);
    }

    @Test
    void aTopicWhoseOnlyReplicaIsDownIsNotReadyAndSaysWhy() throws Exception {
        int holder = 103;
        lab.createTopic(new NewTopic("lonely", Map.of(0, List.of(holder), 1, List.of(holder))));
        lab.stopBroker(holder, false);
        try {
            LabTestSupport.waitUntil("its partitions are offline", Duration.ofSeconds(30),
                    () -> lab.inspect().topics(Optional.of("lonely"), false, true).size() == 2);
            long t0 = System.nanoTime();
            KafkaLabException notReady = assertThrows(KafkaLabException.class,
                    () -> lab.awaitTopicReady("lonely", 2, Duration.ofSeconds(2)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofSeconds(2).toNanos(), "waited the whole timeout");
            assertEquals("Topic 'lonely' is not ready after 2 s: partitions [0, 1] have no leader. Are its brokers up?",
                    notReady.getMessage());
        } finally {
            lab.startBroker(holder);
        }
        lab.awaitTopicReady("lonely", 2, Duration.ofSeconds(30));
        lab.inspect().topics(Optional.of("lonely"), false, false).forEach(p -> assertTrue(p.ledBy(holder), p.toString()));
    }

    /** The same inspection asks for offsets before and after a stop: none is waited for or lost to the stopped broker. */
    @Test
    void offsetsAskedBeforeAndAfterABrokerStopsAreAllKnown() throws Exception {
        String topic = "ledger";
        lab.createTopic(new NewTopic(topic, 3, (short) 3));
        try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, "entry-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        List<Long> expected = List.of(10L, 10L, 10L);
        assertEquals(expected, knownOffsets(topic));
        int victim = lab.inspect().layout(Optional.of(topic)).partitions().get(0).leader().getAsInt();
        lab.stopBroker(victim, false);
        try {
            LabTestSupport.waitUntil("leadership moved away from " + victim, Duration.ofSeconds(30),
                    () -> lab.inspect().layout(Optional.of(topic)).partitions().stream()
                            .allMatch(p -> p.hasLeader() && !p.ledBy(victim)));
            assertEquals(expected, knownOffsets(topic), "offsets after broker " + victim + " stopped");
        } finally {
            lab.startBroker(victim);
        }
        LabTestSupport.waitUntil("ISR back to 3", Duration.ofSeconds(30),
                () -> lab.inspect().layout(Optional.of(topic)).partitions().stream().allMatch(p -> p.isr().size() == 3));
        assertEquals(expected, knownOffsets(topic), "offsets after broker " + victim + " came back");
    }

    private static List<Long> knownOffsets(String topic) {
        return lab.inspect().offsets(topic, OffsetSpec.latest()).stream()
                .map(o -> o.offset().isPresent() ? o.offset().getAsLong() : -1L).toList();
    }

    private void leaderFailsMidway(String topic, boolean abrupt) throws Exception {
        lab.admin().createTopics(List.of(new NewTopic(topic, 6, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
        LabTestSupport.waitUntil("the topic has leaders", Duration.ofSeconds(30),
                () -> lab.inspect().topics(Optional.of(topic), false, true).isEmpty());
        int victim = lab.inspect().layout(Optional.of(topic)).partitions().get(0).leader().getAsInt();
        List<Integer> victimLed = ledBy(topic, victim);
        String victimAddress = hostPortOf(victim);

        ConcurrentLinkedQueue<Exception> sendFailures = new ConcurrentLinkedQueue<>();
        Map<String, Integer> nextSeq = new HashMap<>();
        try (KafkaProducer<String, String> producer = LabTestSupport.producer(lab.bootstrapServers(), "all")) {
            for (int i = 0; i < RECORDS; i++) {
                String key = "truck-" + (i % KEYS);
                int seq = nextSeq.merge(key, 1, Integer::sum) - 1;
                producer.send(new ProducerRecord<>(topic, key, Integer.toString(seq)), (metadata, error) -> {
                    if (error != null) {
                        sendFailures.add(error);
                    }
                });
                if (i == RECORDS / 2) {
                    lab.stopBroker(victim, abrupt);
                }
            }
            producer.flush();
        }
        assertTrue(sendFailures.isEmpty(), "sends failed: " + sendFailures.peek());

        // the stopped broker shows down, its partitions get another leader and the ISR shrinks; nothing hangs
        assertEquals(NodeSummary.State.DOWN, node(victim).state());
        assertEquals(Optional.of("temp data; stopped broker " + victim), lab.status().detail());
        LabTestSupport.waitUntil("leadership moved away from " + victim, Duration.ofSeconds(30),
                () -> lab.inspect().layout(Optional.of(topic)).partitions().stream()
                        .allMatch(p -> p.hasLeader() && !p.ledBy(victim) && !p.isr().contains(victim)));
        for (int partition : victimLed) {
            PartitionReplicas p = lab.inspect().layout(Optional.of(topic)).partitions().get(partition);
            assertTrue(p.hasLeader(), p.toString());
            assertNotEquals(victim, p.leader().getAsInt());
            assertFalse(p.preferred(), "the leader moved away from the preferred replica: " + p);
            assertEquals(2, p.isr().size());
        }
        assertEquals(6, lab.inspect().topics(Optional.of(topic), true, false).size(), "all under-replicated");
        Rows<PartitionOffset> latest = lab.inspect().offsets(topic, OffsetSpec.latest());
        assertEquals(6, latest.size());
        assertEquals(RECORDS, latest.stream().mapToLong(o -> o.offset().orElseThrow()).sum());
        KafkaLabException again = assertThrows(KafkaLabException.class, () -> lab.stopBroker(victim, abrupt));
        assertEquals("Broker " + victim + " is already stopped; start it with startBroker(" + victim + ").", again.getMessage());

        // every record exactly once, in order per key
        try (KafkaConsumer<String, String> consumer = LabTestSupport.consumer(lab.bootstrapServers(), topic + "-reader")) {
            List<ConsumerRecord<String, String>> records = LabTestSupport.consume(consumer, topic, RECORDS, Duration.ofSeconds(90));
            assertEquals(RECORDS, records.size());
            Map<String, Integer> expectedSeq = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                int expected = expectedSeq.merge(record.key(), 1, Integer::sum) - 1;
                assertEquals(expected, Integer.parseInt(record.value()), "order of key " + record.key());
            }
            assertEquals(KEYS, expectedSeq.size());
            expectedSeq.values().forEach(n -> assertEquals(RECORDS / KEYS, n));
        }

        // back with the same id and port: ISR of every partition is 3 again within 30 s
        lab.startBroker(victim);
        LabTestSupport.waitUntil("ISR back to 3", Duration.ofSeconds(30),
                () -> lab.inspect().layout(Optional.of(topic)).partitions().stream().allMatch(p -> p.isr().size() == 3));
        assertEquals(List.of(NodeSummary.State.UP, NodeSummary.State.UP, NodeSummary.State.UP, NodeSummary.State.UP),
                lab.inspect().brokers().stream().map(NodeSummary::state).toList());
        assertEquals(victimAddress, hostPortOf(victim));
        assertEquals(Optional.of("temp data"), lab.status().detail());
    }

    private static NodeSummary node(int id) {
        List<NodeSummary> found = lab.inspect().brokers().stream().filter(n -> n.id() == id).toList();
        assertEquals(1, found.size(), "one row for node " + id);
        return found.get(0);
    }

    private static String hostPortOf(int broker) {
        return node(broker).hostPort();
    }

    private static List<Integer> ledBy(String topic, int broker) {
        return lab.inspect().layout(Optional.of(topic)).partitions().stream()
                .filter(p -> p.ledBy(broker)).map(PartitionReplicas::partition).toList();
    }
}
