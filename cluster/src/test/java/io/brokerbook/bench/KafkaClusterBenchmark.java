package io.brokerbook.bench;

import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prints the Kafka lab's figures: 3 brokers + 1 controller start / stop time and RSS (medians after a cold run), and
 * a plain KafkaProducer / KafkaConsumer next to Kafka's own ProducerPerformance / ConsumerPerformance against the
 * same cluster in the same run ({@link SideBySide}: warm-up, order alternating, failed rounds counted on their side).
 * Both sides send the same random payloads and are timed alike: from creating the client to after close().
 * Targets: start <= 3.5 s, stop <= 3 s, RSS <= 350 MB.
 * System properties: bench.runs (lifecycle rounds, 5), bench.throughputRuns (3), bench.records (1 000 000).
 */
public final class KafkaClusterBenchmark {
    private static final int LIFECYCLE_RUNS = Integer.getInteger("bench.runs", 5);
    private static final int THROUGHPUT_RUNS = Integer.getInteger("bench.throughputRuns", 3);
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int RECORD_SIZE = 100;
    private static final long READ_TIMEOUT_MS = 10_000; // ConsumerPerformance's default --timeout
    private static final String OWN = "own client";
    private static final String PRODUCER_TOOL = "ProducerPerformance";
    private static final String CONSUMER_TOOL = "ConsumerPerformance";

    public static void main(String[] args) throws Exception {
        SideBySide.printEnvironment("KafkaClusterBenchmark");
        lifecycle();
        throughput();
    }

    private static void lifecycle() {
        if (LIFECYCLE_RUNS < 1) {
            return;
        }
        new SideBySide("lab lifecycle: 3 brokers + 1 controller (targets: start <= 3.5 s, stop <= 3 s, RSS <= 350 MB)",
            SideBySide.Metric.lower("start", "s"), SideBySide.Metric.lower("start CPU", "s"),
            SideBySide.Metric.lower("stop", "s"), SideBySide.Metric.lower("RSS after start", "MB"))
            .side("KafkaLab", round -> startStop())
            .run(1, LIFECYCLE_RUNS);
    }

    private static double[] startStop() throws Exception {
        System.gc(); // garbage of the previous lab must not count in this lab's RSS
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1));
        try {
            while (lab.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < 3) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            lab.close();
            throw e;
        }
        double start = seconds(t0);
        double startCpu = (processCpuNanos() - cpu0) / 1e9;
        double rssMb = rssMb();
        t0 = System.nanoTime();
        lab.close();
        return new double[] {start, startCpu, seconds(t0), rssMb};
    }

    private static void throughput() throws Exception {
        if (THROUGHPUT_RUNS < 1) {
            return;
        }
        try (KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1).ephemeralPorts(true))) {
            String bootstrap = lab.bootstrapServers();
            for (String acks : List.of("all", "1")) {
                new SideBySide("producer acks=" + acks + ": " + RECORDS + " x " + RECORD_SIZE + " B random payloads, 6"
                    + " partitions x 3 replicas; clock from creating the producer to after close()",
                    SideBySide.Metric.higher("", "rec/s"))
                    .side(OWN, round -> new double[] {withTopic(lab, "own-acks" + acks + "-" + round.id(),
                        topic -> ownProducer(bootstrap, topic, acks, records(round)))})
                    .side(PRODUCER_TOOL, round -> new double[] {withTopic(lab, "tool-acks" + acks + "-" + round.id(),
                        topic -> KafkaPerfTools.producerPerformance(bootstrap, topic, records(round), RECORD_SIZE,
                            "acks=" + acks))})
                    .run(1, THROUGHPUT_RUNS)
                    .printRatios("producer acks=" + acks, OWN, PRODUCER_TOOL, "");
            }
            // Both consumers read the same topic, each round in fresh groups. ConsumerPerformance's own figures
            // leave out creating and closing its consumer; here both sides are timed with them.
            String topic = createTopic(lab, "consume-me");
            ownProducer(bootstrap, topic, "all", RECORDS);
            new SideBySide("consumer: " + RECORDS + " x " + RECORD_SIZE + " B from 6 partitions, fresh group each run;"
                + " clock from creating the consumer to after close() (group join included)",
                SideBySide.Metric.higher("", "rec/s"))
                .side(OWN, round -> new double[] {ownConsumer(bootstrap, topic, "own-" + round.id(), records(round))})
                .side(CONSUMER_TOOL, round -> new double[] {KafkaPerfTools.consumerPerformance(bootstrap, topic,
                    "tool-" + round.id(), records(round), READ_TIMEOUT_MS)})
                .run(1, THROUGHPUT_RUNS)
                .printRatios("consumer", OWN, CONSUMER_TOOL, "");
        }
    }

    /** Warm-up rounds send and read a fifth of the records: enough for the JIT and the connections. */
    private static int records(SideBySide.Round round) {
        return round.warmUp() ? Math.max(1, RECORDS / 5) : RECORDS;
    }

    interface TopicRun {
        double run(String topic) throws Exception;
    }

    /** Creates the topic (not timed), runs, then deletes it so that the brokers' disks do not fill up. */
    private static double withTopic(KafkaLab lab, String name, TopicRun run) throws Exception {
        String topic = createTopic(lab, name);
        try {
            return run.run(topic);
        } finally {
            lab.admin().deleteTopics(List.of(topic));
        }
    }

    private static String createTopic(KafkaLab lab, String name) throws Exception {
        return KafkaPerfTools.createTopic(lab.admin(), name, 6, 3);
    }

    /** A plain KafkaProducer used as ProducerPerformance uses it: one callback per record, close() at the end. */
    private static double ownProducer(String bootstrap, String topic, String acks, int records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaPerfTools.Payloads payloads = new KafkaPerfTools.Payloads(RECORD_SIZE);
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.next()), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        firstError.compareAndSet(null, error);
                    }
                });
            }
        }
        double seconds = seconds(t0);
        if (acked.get() < records) {
            throw new SideBySide.Incomplete(acked.get() + " of " + records + " records acknowledged"
                + (firstError.get() == null ? "" : ": " + SideBySide.oneLine(firstError.get())));
        }
        return acked.get() / seconds;
    }

    /** A plain KafkaConsumer polling until it has the records or READ_TIMEOUT_MS pass without one. */
    private static double ownConsumer(String bootstrap, String topic, String group, int records) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long read = 0;
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long lastRecord = System.nanoTime();
            long timeout = TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MS);
            while (read < records && System.nanoTime() - lastRecord < timeout) {
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0) {
                    lastRecord = System.nanoTime();
                    read += count;
                }
            }
        }
        double seconds = seconds(t0);
        if (read < records) {
            throw new SideBySide.Incomplete("read " + read + " of " + records + " records");
        }
        return read / seconds;
    }

    /** CPU time of this process: on a shared, loaded machine it says more than wall time alone. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
