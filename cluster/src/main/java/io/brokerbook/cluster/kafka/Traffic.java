package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Background records for a topic while the student breaks things: one producer thread sending at a fixed rate
 * (acks=all, Kafka's defaults otherwise) and, optionally, a consumer group of N consumer threads reading them.
 * Every record's value carries this run's id and a sequence number, so the counts say exactly which acknowledged
 * records were read. {@link #stop()} and {@link #close()} end and join every thread and close every client.
 */
public final class Traffic implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration QUICK_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final TrafficSpec spec;
    private final String runId;
    private final long startedNanos = System.nanoTime();
    private final KafkaProducer<String, String> producer;
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final BitSet ackedSeqs = new BitSet();
    private final BitSet readSeqs = new BitSet();
    private volatile boolean running = true;
    private volatile boolean consuming = true;
    private Thread producerThread;
    private volatile long stoppedNanos;

    private Traffic(KafkaCluster cluster, TrafficSpec spec) {
        this.spec = spec;
        this.runId = Long.toString(System.currentTimeMillis(), 36);
        this.producer = new KafkaProducer<>(producerProps(cluster));
        for (int i = 0; i < spec.consumers(); i++) {
            consumers.add(new KafkaConsumer<>(consumerProps(cluster, spec.group().orElseThrow())));
        }
    }

    /** Starts the threads; the topic must exist (one line otherwise). */
    public static Traffic start(KafkaCluster cluster, TrafficSpec spec) {
        if (!cluster.inspect().topicNames(true).contains(spec.topic())) {
            throw new KafkaLabException("Topic '" + spec.topic() + "' does not exist; create it with %kafka-topics --create --topic "
                + spec.topic() + " first.");
        }
        Traffic traffic = new Traffic(cluster, spec);
        for (int i = 0; i < traffic.consumers.size(); i++) {
            KafkaConsumer<String, String> consumer = traffic.consumers.get(i);
            traffic.threads.add(started("brokerbook-traffic-consumer-" + (i + 1), () -> traffic.consume(consumer)));
        }
        traffic.producerThread = started("brokerbook-traffic-producer", traffic::produce);
        traffic.threads.add(traffic.producerThread);
        return traffic;
    }

    private static Thread started(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public TrafficSpec spec() {
        return spec;
    }

    public boolean isRunning() {
        return running;
    }

    private void produce() {
        long interval = TimeUnit.SECONDS.toNanos(1) / spec.ratePerSecond();
        long next = System.nanoTime();
        long seq = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += interval;
            String key = spec.keys() == 0 ? null : "key-" + (seq % spec.keys());
            long s = seq++;
            try {
                producer.send(new ProducerRecord<>(spec.topic(), key, runId + "-" + s), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                        synchronized (ackedSeqs) {
                            ackedSeqs.set((int) s);
                        }
                    } else {
                        failed.incrementAndGet();
                        lastError.set(error.getClass().getSimpleName() + ": " + LabException.oneLine(error));
                    }
                });
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                // send() itself refused (metadata not available in max.block.ms, producer closing): counted as failed
                sent.incrementAndGet();
                failed.incrementAndGet();
                lastError.set(e.getClass().getSimpleName() + ": " + LabException.oneLine(e));
            }
        }
    }

    private void consume(KafkaConsumer<String, String> consumer) {
        try {
            consumer.subscribe(List.of(spec.topic()));
            while (consuming) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    countRead(r.value());
                }
            }
        } catch (WakeupException e) {
            // close() woke it up
        } catch (RuntimeException e) {
            lastError.set("consumer: " + e.getClass().getSimpleName() + ": " + LabException.oneLine(e));
        }
    }

    private void countRead(String value) {
        if (value == null || !value.startsWith(runId + "-")) {
            return; // an older record of the topic, not part of this run
        }
        int seq = Integer.parseInt(value.substring(runId.length() + 1));
        read.incrementAndGet();
        synchronized (readSeqs) {
            if (readSeqs.get(seq)) {
                duplicates.incrementAndGet();
            }
            readSeqs.set(seq);
        }
    }

    public TrafficStatus status() {
        long end = running ? System.nanoTime() : stoppedNanos;
        long unread = 0;
        if (spec.group().isPresent()) {
            BitSet acked;
            synchronized (ackedSeqs) {
                acked = (BitSet) ackedSeqs.clone();
            }
            synchronized (readSeqs) {
                acked.andNot(readSeqs);
            }
            unread = acked.cardinality();
        }
        long distinctRead;
        synchronized (readSeqs) {
            distinctRead = readSeqs.cardinality();
        }
        return new TrafficStatus(spec.topic(), spec.ratePerSecond(), running ? "running" : "stopped",
            Math.round((end - startedNanos) / 1e8) / 10.0, sent.get(), acknowledged.get(), failed.get(), spec.group(),
            distinctRead, duplicates.get(), unread, Optional.ofNullable(lastError.get()));
    }

    /**
     * {@code %kafka traffic stop}: stops sending, waits (bounded) for the answers to records in flight, gives the
     * consumers a moment to read what was acknowledged, then stops them and joins every thread.
     */
    public void stop() {
        shutDown(CLOSE_TIMEOUT, true);
    }

    /** {@code %kafka stop} and kernel shutdown: the same without waiting for the readers, and with short timeouts. */
    @Override
    public void close() {
        shutDown(QUICK_CLOSE_TIMEOUT, false);
    }

    private synchronized void shutDown(Duration timeout, boolean drain) {
        if (!running) {
            return;
        }
        running = false;
        stoppedNanos = System.nanoTime();
        join(producerThread, timeout);
        producer.close(timeout);
        if (drain) {
            awaitConsumersCaughtUp();
        }
        consuming = false;
        consumers.forEach(KafkaConsumer::wakeup);
        threads.forEach(t -> join(t, timeout));
        for (KafkaConsumer<String, String> c : consumers) {
            try {
                c.close(timeout);
            } catch (RuntimeException e) {
                // its thread did not end in time and still holds it; the client is abandoned with that thread
            }
        }
    }

    private static void join(Thread t, Duration timeout) {
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bounded: a consumer group that cannot read (its coordinator is down) must not hold up the stop. */
    private void awaitConsumersCaughtUp() {
        if (consumers.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (status().acknowledgedUnread() > 0 && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private static Properties producerProps(KafkaCluster cluster) {
        Properties props = new Properties();
        props.putAll(cluster.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "brokerbook-traffic");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private static Properties consumerProps(KafkaCluster cluster, String group) {
        Properties props = new Properties();
        props.putAll(cluster.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
