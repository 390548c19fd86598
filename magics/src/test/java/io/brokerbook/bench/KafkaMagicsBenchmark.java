package io.brokerbook.bench;

import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import io.brokerbook.magics.kafka.BulkSender;
import io.brokerbook.magics.kafka.KafkaMagics;
import io.brokerbook.magics.kafka.KafkaApi;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Kafka magics' paths next to Kafka's own tools, same lab, same run ({@link SideBySide}: a warm-up round, the
 * order alternating, failed rounds counted on their side, medians): the bulk send path ({@code BulkSender}, what the
 * producer magics use) vs ProducerPerformance (target >= 0.9x records/s), the console consumer's read loop
 * ({@code kafka.readCounting}) vs ConsumerPerformance (target >= 0.5x), and rendering a 10 000-row table (target < 1 s).
 * Both sides send the same random payloads and are timed alike: from creating the client to after close().
 * System properties: bench.runs (rounds, 3), bench.records (1 000 000).
 */
public final class KafkaMagicsBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int RECORD_SIZE = 100;
    private static final long READ_TIMEOUT_MS = 10_000; // ConsumerPerformance's default --timeout
    private static final String LAB_SEND = "lab bulk send";
    private static final String PRODUCER_TOOL = "ProducerPerformance";
    private static final String LAB_READ = "console-consumer path";
    private static final String CONSUMER_TOOL = "ConsumerPerformance";

    public static void main(String[] args) throws Exception {
        SideBySide.printEnvironment("KafkaMagicsBenchmark");
        tableRendering();
        Path work = Files.createTempDirectory("kafka-magics-bench");
        TestKernelHost host = new TestKernelHost(work);
        new KafkaMagics().register(host, host);
        try {
            RecordingContext ctx = new RecordingContext();
            host.find("kafka").orElseThrow().line().run(ArgTokenizer.split("start"), ctx);
            System.out.print(ctx.text());
            KafkaApi kafka = (KafkaApi) host.bound.get("kafka");
            throughput(kafka);
        } finally {
            host.shutdown();
            try (Stream<Path> files = Files.walk(work)) { // the lab's log
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void tableRendering() {
        Table t = Table.create("records", IntColumn.create("Partition"), LongColumn.create("Offset"),
            StringColumn.create("Key"), StringColumn.create("Value"), StringColumn.create("Timestamp"));
        for (int i = 0; i < 10_000; i++) {
            t.intColumn("Partition").append(i % 6);
            t.longColumn("Offset").append(i);
            t.stringColumn("Key").append("truck-" + (i % 4));
            t.stringColumn("Value").append("40." + i + ",-3." + i);
            t.stringColumn("Timestamp").append("2025-01-01T10:00:00." + (i % 1000) + "Z");
        }
        List<Double> ms = new ArrayList<>();
        int size = 0;
        for (int run = 0; run < 7; run++) {
            long t0 = System.nanoTime();
            DisplayData d = TableDisplay.of(t);
            ms.add((System.nanoTime() - t0) / 1e6);
            size = d.data().get(DisplayData.HTML).toString().length();
        }
        System.out.printf("10 000-row table rendered (HTML + text, first/last rows shown): median %.1f ms, first (cold) %.1f ms,"
            + " HTML %d chars (target < 1000 ms)%n", median(ms.subList(1, ms.size())), ms.get(0), size);
    }

    private static void throughput(KafkaApi kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        new SideBySide("producer: " + RECORDS + " x " + RECORD_SIZE + " B random payloads, acks=all, 6 partitions x 3"
            + " replicas; clock from creating the producer to after close() (target: ratio >= 0.9)",
            SideBySide.Metric.higher("", "rec/s"))
            .side(LAB_SEND, round -> new double[] {withTopic(kafka, "bulk-lab-" + round.id(),
                topic -> labBulkSend(kafka, topic, records(round)))})
            .side(PRODUCER_TOOL, round -> new double[] {withTopic(kafka, "bulk-tool-" + round.id(),
                topic -> KafkaPerfTools.producerPerformance(bootstrap, topic, records(round), RECORD_SIZE))})
            .run(1, RUNS)
            .printRatios("producer", LAB_SEND, PRODUCER_TOOL, "(target >= 0.9)");

        // Both read the same topic, each round in fresh groups; ConsumerPerformance's own figures leave out creating
        // and closing its consumer, here both sides are timed with them.
        String topic = createTopic(kafka, "consume-me");
        labBulkSend(kafka, topic, RECORDS);
        new SideBySide("consumer: " + RECORDS + " x " + RECORD_SIZE + " B from 6 partitions, fresh group each run;"
            + " clock from creating the consumer to after close(), group join included (target: ratio >= 0.5)",
            SideBySide.Metric.higher("", "rec/s"))
            .side(LAB_READ, round -> new double[] {labRead(kafka, topic, "lab-" + round.id(), records(round))})
            .side(CONSUMER_TOOL, round -> new double[] {KafkaPerfTools.consumerPerformance(bootstrap, topic,
                "tool-" + round.id(), records(round), READ_TIMEOUT_MS)})
            .run(1, RUNS)
            .printRatios("consumer", LAB_READ, CONSUMER_TOOL, "(target >= 0.5)");
    }

    /** Warm-up rounds send and read a fifth of the records: enough for the JIT and the connections. */
    private static int records(SideBySide.Round round) {
        return round.warmUp() ? Math.max(1, RECORDS / 5) : RECORDS;
    }

    /**
     * The producer magics' path: a producer with the lab's settings, {@code BulkSender} (one callback per record,
     * flush), close. The magics keep one producer for the session; here it is created and closed inside the clock,
     * as ProducerPerformance does with its own.
     */
    private static double labBulkSend(KafkaApi kafka, String topic, int records) throws Exception {
        Properties props = kafka.producerConfig();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaPerfTools.Payloads payloads = new KafkaPerfTools.Payloads(RECORD_SIZE);
        BulkSender.SendReport report;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            report = BulkSender.send(producer, records, i -> new ProducerRecord<>(topic, payloads.next()), null, null, null);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (report.acked() < records) {
            throw new SideBySide.Incomplete(report.acked() + " of " + records + " records acknowledged"
                + (report.firstError() == null ? "" : ": " + report.firstError()));
        }
        return report.acked() / seconds;
    }

    /** The console consumer's read loop ({@code kafka.readCounting}: creates, reads, commits, closes its consumer). */
    private static double labRead(KafkaApi kafka, String topic, String group, int records) throws Exception {
        long t0 = System.nanoTime();
        KafkaApi.ReadResult r = kafka.readCounting(topic, group, records, READ_TIMEOUT_MS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r.records() < records) {
            throw new SideBySide.Incomplete("read " + r.records() + " of " + records + " records");
        }
        return r.records() / seconds;
    }

    interface TopicRun {
        double run(String topic) throws Exception;
    }

    /** Creates the topic (not timed), runs, then deletes it so that the brokers' disks do not fill up. */
    private static double withTopic(KafkaApi kafka, String name, TopicRun run) throws Exception {
        String topic = createTopic(kafka, name);
        try {
            return run.run(topic);
        } finally {
            kafka.admin().deleteTopics(List.of(topic));
        }
    }

    private static String createTopic(KafkaApi kafka, String name) throws Exception {
        return KafkaPerfTools.createTopic(kafka.admin(), name, 6, 3);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
