package io.brokerbook.cluster.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lab whose brokers take only SASL/SCRAM-SHA-256 clients and replicate with SCRAM between themselves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScramLabTest {
    private KafkaLab lab;

    @BeforeAll
    void start() {
        lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(2).ephemeralPorts(true).scram("bob", "bob-secret"));
    }

    @AfterAll
    void stop() {
        lab.stop();
    }

    @Test
    void replicatedTopicWorksForClientsWithTheCredentials() throws Exception {
        lab.createTopic(new NewTopic("scram-topic", 2, (short) 2));
        Properties producerProps = new Properties();
        producerProps.putAll(lab.clientProperties());
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.bootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("scram-topic", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        // acks=all with 2 replicas: the follower fetched over the SCRAM listener
        assertTrue(lab.inspect().topics(java.util.Optional.of("scram-topic"), false, false).stream().allMatch(p -> p.isr().size() == 2), "ISR of scram-topic");
        Properties consumerProps = new Properties();
        consumerProps.putAll(lab.clientProperties());
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "scram-readers");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("scram-topic"));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < 10 && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                }
            }
        }
        assertEquals(10, read);
    }

    @Test
    void connectingWithTheCredentialsWorksAndWithWrongOnesFailsInOneLine() {
        ExternalKafka external = ExternalKafka.connect(lab.bootstrapServers(), lab.clientProperties());
        try {
            assertEquals(lab.brokerIds(), external.brokerIds());
        } finally {
            external.stop();
        }
        Map<String, String> wrong = new ScramCredentials("bob", "wrong").clientProperties();
        KafkaLabException e = assertThrows(KafkaLabException.class, () -> ExternalKafka.connect(lab.bootstrapServers(), wrong));
        assertTrue(e.getMessage().startsWith("Authentication to ") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void credentialsThatCannotBeWrittenIntoJaasAreRefused() {
        assertThrows(KafkaLabException.class, () -> new ScramCredentials("bob", "has\"quote"));
        assertThrows(KafkaLabException.class, () -> new ScramCredentials("b o b", "x"));
        assertThrows(KafkaLabException.class, () -> new ScramCredentials("bob", ""));
    }
}
