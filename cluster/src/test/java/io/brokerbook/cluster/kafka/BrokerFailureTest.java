package io.brokerbook.cluster.kafka;

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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private void leaderFailsMidway(String topic, boolean abrupt) throws Exception {
        lab.admin().createTopics(List.of(new NewTopic(topic, 6, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
        LabTestSupport.waitUntil("the topic has leaders", Duration.ofSeconds(30),
                () -> lab.inspect().topics(Optional.of(topic), false, true).rowCount() == 0);
        int victim = lab.inspect().layout(Optional.of(topic)).partitions().get(0).leader();
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
        Table brokers = lab.inspect().brokers();
        assertEquals("down", brokers.where(brokers.intColumn("ID").isEqualTo(victim)).stringColumn("STATE").get(0));
        LabTestSupport.waitUntil("leadership moved away from " + victim, Duration.ofSeconds(30),
                () -> lab.inspect().layout(Optional.of(topic)).partitions().stream()
                        .allMatch(p -> p.hasLeader() && p.leader() != victim && !p.isr().contains(victim)));
        for (int partition : victimLed) {
            PartitionLayout.Partition p = lab.inspect().layout(Optional.of(topic)).partitions().get(partition);
            assertNotEquals(victim, p.leader());
            assertEquals(2, p.isr().size());
        }
        assertEquals(6, lab.inspect().topics(Optional.of(topic), true, false).rowCount(), "all under-replicated");
        Table latest = lab.inspect().offsets(topic, OffsetSpec.latest());
        assertEquals(RECORDS, latest.stringColumn("Offset").asList().stream().mapToLong(Long::parseLong).sum());
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
        assertEquals(List.of("up", "up", "up", "up"), lab.inspect().brokers().stringColumn("STATE").asList());
        assertEquals(victimAddress, hostPortOf(victim));
    }

    private static String hostPortOf(int broker) {
        Table brokers = lab.inspect().brokers();
        return brokers.where(brokers.intColumn("ID").isEqualTo(broker)).stringColumn("HOST:PORT").get(0);
    }

    private static List<Integer> ledBy(String topic, int broker) {
        return lab.inspect().layout(Optional.of(topic)).partitions().stream()
                .filter(p -> p.leader() == broker).map(PartitionLayout.Partition::partition).toList();
    }
}
