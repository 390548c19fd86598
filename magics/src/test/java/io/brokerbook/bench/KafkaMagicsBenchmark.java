package io.brokerbook.bench;

import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import io.brokerbook.magics.kafka.BulkSender;
import io.brokerbook.magics.kafka.KafkaApi;
import io.brokerbook.magics.kafka.KafkaMagics;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka magics' paths next to Kafka's own tools, same lab, same run, alternated, medians of 3:
 * the bulk send path ({@code kafka.sendBulk}, what the producer magics use) vs ProducerPerformance
 * (target >= 0.9x records/s), the console consumer's read loop ({@code kafka.readCounting}) vs ConsumerPerformance
 * (target >= 0.5x), and rendering a 10 000-row table (target < 1 s).
 */
public final class KafkaMagicsBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int RECORD_SIZE = 100;

    public static void main(String[] args) throws Exception {
        System.out.printf("JVM %s, max heap %d MB, %d cores, load %s%n", System.getProperty("java.version"),
            Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), load());
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
        List<Double> own = new ArrayList<>();
        List<Double> tool = new ArrayList<>();
        List<String> ownTopics = new ArrayList<>();
        // Warm up both paths (JIT, connections, metadata) unmeasured, then alternate which goes first.
        kafka.sendBulk(topic(kafka, "bulk-warmup-own"), RECORDS / 5, RECORD_SIZE);
        producerPerformance(bootstrap, topic(kafka, "bulk-warmup-tool"), RECORDS / 5);
        for (int run = 0; run < RUNS; run++) {
            String ownTopic = topic(kafka, "bulk-own-" + run);
            ownTopics.add(ownTopic);
            String toolTopic = topic(kafka, "bulk-tool-" + run);
            if (run % 2 == 1) {
                tool.add(producerPerformance(bootstrap, toolTopic, RECORDS));
            }
            BulkSender.SendReport report = kafka.sendBulk(ownTopic, RECORDS, RECORD_SIZE);
            if (report.failed() > 0) {
                System.out.printf("  bulk send: %d failed (%s)%n", report.failed(), report.firstError());
            }
            own.add(report.recordsPerSec());
            if (run % 2 == 0) {
                tool.add(producerPerformance(bootstrap, toolTopic, RECORDS));
            }
            System.out.printf("producer run %d: lab bulk send %.0f rec/s, ProducerPerformance %.0f rec/s, ratio %.2f (load %s)%n",
                run + 1, own.get(run), tool.get(run), own.get(run) / tool.get(run), load());
        }
        System.out.printf("MEDIAN producer (%d x %d B, acks=all): lab bulk send %.0f rec/s, ProducerPerformance %.0f rec/s,"
            + " ratio %.2f (target >= 0.9)%n", RECORDS, RECORD_SIZE, median(own), median(tool), median(own) / median(tool));

        List<Double> ownRead = new ArrayList<>();
        List<Double> toolRead = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            String topic = ownTopics.get(run);
            KafkaApi.ReadResult r = kafka.readCounting(topic, "bench-console-" + run, RECORDS, 10_000);
            if (r.records() < RECORDS) {
                System.out.printf("  console path read only %d records%n", r.records());
            }
            ownRead.add(r.recordsPerSec());
            toolRead.add(consumerPerformance(bootstrap, topic, "bench-tool-" + run));
            System.out.printf("consumer run %d: console-consumer path %.0f rec/s, ConsumerPerformance %.0f rec/s, ratio %.2f (load %s)%n",
                run + 1, ownRead.get(run), toolRead.get(run), ownRead.get(run) / toolRead.get(run), load());
        }
        System.out.printf("MEDIAN consumer (%d x %d B, group join included): console-consumer path %.0f rec/s,"
                + " ConsumerPerformance %.0f rec/s, ratio %.2f (target >= 0.5)%n",
            RECORDS, RECORD_SIZE, median(ownRead), median(toolRead), median(ownRead) / median(toolRead));
    }

    private static String topic(KafkaApi kafka, String name) throws Exception {
        kafka.admin().createTopics(List.of(new NewTopic(name, 6, (short) 3))).all().get(60, TimeUnit.SECONDS);
        return name;
    }

    private static double producerPerformance(String bootstrap, String topic, int records) throws Exception {
        String out = captureStdout(() -> ProducerPerformance.main(new String[] {
            "--topic", topic, "--num-records", Integer.toString(records), "--record-size", Integer.toString(RECORD_SIZE),
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap}));
        String summary = out.lines().filter(l -> l.contains("records sent") && l.contains("50th")).reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException("no ProducerPerformance summary in: " + out));
        return Double.parseDouble(summary.split(",")[1].trim().split(" ")[0]);
    }

    /** nMsg.sec as ConsumerPerformance prints it (whole run, group join included). */
    private static double consumerPerformance(String bootstrap, String topic, String group) throws Exception {
        String out = captureStdout(() -> ConsumerPerformance.main(new String[] {
            "--bootstrap-server", bootstrap, "--topic", topic, "--messages", Integer.toString(RECORDS), "--group", group}));
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).contains("nMsg.sec")) {
                List<String> names = List.of(lines.get(i).split(",\\s*"));
                for (String row : lines.subList(i + 1, lines.size())) {
                    String[] cells = row.split(",\\s*");
                    if (cells.length == names.size()) {
                        return Double.parseDouble(cells[names.indexOf("nMsg.sec")]);
                    }
                }
            }
        }
        // e.g. it timed out before reading every record: this run has no figure (NaN is left out of medians)
        System.out.println("  ConsumerPerformance printed no figures: " + out.lines().reduce((a, b) -> b).orElse(""));
        return Double.NaN;
    }

    interface Action {
        void run() throws Exception;
    }

    private static synchronized String captureStdout(Action action) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(stdout);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !v.isNaN()).toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
