package io.brokerbook.bench;

import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Prints the Kafka lab's figures: 3 brokers + 1 controller start / stop time and RSS (medians), and producer and
 * consumer throughput next to Kafka's own ProducerPerformance / ConsumerPerformance against the same cluster in the
 * same run (alternated, medians). Run with a heap limit as the kernelspec sets one, e.g. -Xmx512m.
 * Targets: start <= 3.5 s, stop <= 3 s, RSS <= 350 MB.
 */
public final class KafkaClusterBenchmark {
    private static final int LIFECYCLE_RUNS = Integer.getInteger("bench.runs", 5);
    private static final int THROUGHPUT_RUNS = Integer.getInteger("bench.throughputRuns", 3);
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int RECORD_SIZE = 100;

    public static void main(String[] args) throws Exception {
        System.out.printf("JVM %s, max heap %d MB, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        lifecycle();
        throughput();
    }

    private static void lifecycle() throws Exception {
        List<Double> starts = new ArrayList<>();
        List<Double> stops = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int run = 0; run < LIFECYCLE_RUNS; run++) {
            System.gc(); // garbage of the previous lab must not count in this lab's RSS
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1));
            while (lab.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < 3) {
                Thread.sleep(10);
            }
            double start = seconds(t0);
            double startCpu = (processCpuNanos() - cpu0) / 1e9;
            double rssMb = rssMb();
            t0 = System.nanoTime();
            lab.close();
            double stop = seconds(t0);
            System.out.printf("run %d%s: start %.2f s (%.2f s CPU), stop %.2f s, RSS after start %.0f MB, load average %s%n",
                    run + 1, run == 0 ? " (cold JVM)" : "", start, startCpu, stop, rssMb, loadAverage());
            if (run > 0 || LIFECYCLE_RUNS == 1) {
                starts.add(start);
                stops.add(stop);
                rss.add(rssMb);
            }
        }
        System.out.printf("MEDIAN of %d warm runs: start %.2f s (target <= 3.5), stop %.2f s (target <= 3), RSS %.0f MB (target <= 350)%n",
                starts.size(), median(starts), median(stops), median(rss));
    }

    private static void throughput() throws Exception {
        if (THROUGHPUT_RUNS < 1) {
            return;
        }
        try (KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().brokers(3).controllers(1).ephemeralPorts(true))) {
            String bootstrap = lab.bootstrapServers();
            for (String acks : List.of("all", "1")) {
                List<Double> own = new ArrayList<>();
                List<Double> tool = new ArrayList<>();
                for (int run = 0; run < THROUGHPUT_RUNS; run++) {
                    String ownTopic = createTopic(lab, "own-acks" + acks + "-" + run);
                    own.add(ownProducer(bootstrap, ownTopic, acks));
                    String toolTopic = createTopic(lab, "tool-acks" + acks + "-" + run);
                    tool.add(producerPerformance(bootstrap, toolTopic, acks));
                    System.out.printf("producer acks=%s run %d: own %.0f rec/s, ProducerPerformance %.0f rec/s%n",
                            acks, run + 1, own.get(run), tool.get(run));
                }
                System.out.printf("MEDIAN producer acks=%s (%d x %d B): own %.0f rec/s, ProducerPerformance %.0f rec/s, ratio own/tool %.2f%n",
                        acks, RECORDS, RECORD_SIZE, median(own), median(tool), median(own) / median(tool));
            }
            // Two figures per side, as ConsumerPerformance prints them: nMsg.sec over the whole run (group join
            // included) and fetch.nMsg.sec (from the first fetched record, join excluded).
            List<Double> own = new ArrayList<>();
            List<Double> ownFetch = new ArrayList<>();
            List<Double> tool = new ArrayList<>();
            List<Double> toolFetch = new ArrayList<>();
            for (int run = 0; run < THROUGHPUT_RUNS; run++) {
                String topic = "own-acksall-" + run; // written above: RECORDS records each
                double[] ownRates = ownConsumer(bootstrap, topic, "own-group-" + run);
                double[] toolRates = consumerPerformance(bootstrap, topic, "tool-group-" + run);
                own.add(ownRates[0]);
                ownFetch.add(ownRates[1]);
                tool.add(toolRates[0]);
                toolFetch.add(toolRates[1]);
                System.out.printf("consumer run %d: own %.0f rec/s (fetch %.0f), ConsumerPerformance %.0f rec/s (fetch %.0f)%n",
                        run + 1, ownRates[0], ownRates[1], toolRates[0], toolRates[1]);
            }
            System.out.printf("MEDIAN consumer (%d x %d B): own %.0f rec/s, ConsumerPerformance %.0f rec/s, ratio own/tool %.2f;"
                            + " fetch only: own %.0f, tool %.0f, ratio %.2f%n",
                    RECORDS, RECORD_SIZE, median(own), median(tool), median(own) / median(tool),
                    median(ownFetch), median(toolFetch), median(ownFetch) / median(toolFetch));
        }
    }

    private static String createTopic(KafkaLab lab, String name) throws Exception {
        lab.admin().createTopics(List.of(new NewTopic(name, 6, (short) 3))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static double ownProducer(String bootstrap, String topic, String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] payload = new byte[RECORD_SIZE];
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, payload), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            if (failed.get() > 0) {
                System.out.printf("  own producer: %d of %d sends failed%n", failed.get(), RECORDS);
            }
            return (RECORDS - failed.get()) / seconds(t0);
        }
    }

    private static double producerPerformance(String bootstrap, String topic, String acks) throws Exception {
        String out = captureStdout(() -> ProducerPerformance.main(new String[]{
                "--topic", topic, "--num-records", Integer.toString(RECORDS), "--record-size", Integer.toString(RECORD_SIZE),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=" + acks}));
        String summary = out.lines().filter(l -> l.contains("records sent") && l.contains("50th")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no ProducerPerformance summary in: " + out));
        return Double.parseDouble(summary.split(",")[1].trim().split(" ")[0]);
    }

    /** {whole run rate, rate from the first fetched record}. */
    private static double[] ownConsumer(String bootstrap, String topic, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            long t0 = System.nanoTime();
            consumer.subscribe(List.of(topic));
            long read = 0;
            long firstFetch = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (read < RECORDS && System.nanoTime() < deadline) {
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0 && firstFetch == 0) {
                    firstFetch = System.nanoTime();
                }
                read += count;
            }
            return new double[]{read / seconds(t0), read / seconds(firstFetch)};
        }
    }

    /** {nMsg.sec, fetch.nMsg.sec} as ConsumerPerformance prints them. */
    private static double[] consumerPerformance(String bootstrap, String topic, String group) throws Exception {
        String out = captureStdout(() -> ConsumerPerformance.main(new String[]{
                "--bootstrap-server", bootstrap, "--topic", topic, "--messages", Integer.toString(RECORDS), "--group", group}));
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("nMsg.sec")) {
                header = i;
            }
        }
        if (header >= 0) {
            List<String> names = List.of(lines.get(header).split(",\\s*"));
            for (String row : lines.subList(header + 1, lines.size())) {
                String[] values = row.split(",\\s*");
                if (values.length == names.size()) {
                    return new double[]{Double.parseDouble(values[names.indexOf("nMsg.sec")]),
                            Double.parseDouble(values[names.indexOf("fetch.nMsg.sec")])};
                }
            }
        }
        // e.g. it timed out before reading every record: no figure for this round (NaN is left out of medians)
        System.out.println("  ConsumerPerformance printed no figures: " + out.lines().reduce((a, b) -> b).orElse(""));
        return new double[]{Double.NaN, Double.NaN};
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

    /** CPU time of this process: on a shared, loaded machine it says more than wall time alone. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
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
