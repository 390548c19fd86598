package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kafka (the lab's in-JVM broker, one broker with a data dir): a topic of 3 partitions per channel; a durable
 * identity is a consumer group with committed offsets; members of one group split the partitions; a new group may
 * start from the earliest offset.
 */
final class KafkaSystem implements MessagingSystem {
    private static final int PARTITIONS = 3;
    private final KafkaLabSpec spec;
    private final Set<String> topics = new HashSet<>();
    private KafkaLab lab;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private KafkaProducer<String, String> producer;

    KafkaSystem(KafkaLabSpec spec) {
        this.spec = spec;
        start();
    }

    private void start() {
        lab = KafkaLab.start(spec);
        producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 0),
            new StringSerializer(), new StringSerializer());
    }

    @Override
    public String address() {
        return lab.bootstrapServers();
    }

    @Override
    public String name() {
        return "Kafka";
    }

    private String topic(String channel) {
        String topic = "exp-" + channel;
        if (topics.add(topic) && !lab.inspect().topicNames(false).contains(topic)) {
            // the lab's creation returns once every partition's leader serves it: the idempotent producer sending right
            // after a bare Admin creation waited out its delivery timeout (see TopicReadiness)
            lab.createTopic(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()));
        }
        return topic;
    }

    @Override
    public void publish(String channel, String payload) {
        // the payload is the key too: keys spread the messages over the partitions (null keys stick to one)
        producer.send(new ProducerRecord<>(topic(channel), payload, payload), (metadata, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
            }
        });
    }

    /** Waits for the acknowledgements (acks=all) of everything sent; the first send that failed fails here. */
    @Override
    public void flush() {
        producer.flush();
        Exception failure = sendFailure.getAndSet(null);
        if (failure != null) {
            throw new IllegalStateException("Kafka send failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        String topic = topic(channel);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new StringDeserializer(), new StringDeserializer());
        ReceivedQueue received = new ReceivedQueue(keep);
        CountDownLatch assigned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        consumer.commitSync();
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // fix "latest" now and commit it, so what is published from here on is this group's
                        partitions.forEach(consumer::position);
                        consumer.commitSync();
                        if (!partitions.isEmpty()) {
                            assigned.countDown();
                        }
                    }
                });
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, String> r : records) {
                        received.add(r.value());
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "exp-kafka-consumer");
        thread.setDaemon(true);
        thread.start();
        Experiments.await(assigned, "Kafka group " + group + " assignment");
        return new Subscriber() {
            @Override
            public List<Received> received(Duration quiet, int enough) {
                return received.drain(quiet, enough);
            }

            @Override
            public Tally tally(Duration quiet, int enough) {
                return received.tally(quiet, enough);
            }

            @Override
            public void close() {
                consumer.wakeup();
                Experiments.join(thread);
            }
        };
    }

    @Override
    public void restartBroker() {
        producer.close(Duration.ofSeconds(5));
        lab.stop();
        start();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        lab.stop();
    }
}
