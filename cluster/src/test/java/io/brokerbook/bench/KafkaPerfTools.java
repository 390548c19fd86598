package io.brokerbook.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own perf tools run in this JVM, timed the way the lab's side is timed: from before the tool creates its
 * client to after it closed it ({@code main} returned), records acknowledged / read over that wall time. A tool that
 * acknowledges or reads fewer records than asked, prints no summary, or calls {@code Exit.exit} fails the round.
 */
public final class KafkaPerfTools {
    private KafkaPerfTools() {
    }

    /** Payloads as ProducerPerformance makes them for {@code --record-size}: one buffer, refilled with A-Z per record. */
    public static final class Payloads {
        private final SplittableRandom random = new SplittableRandom(0);
        private final byte[] payload;

        public Payloads(int size) {
            payload = new byte[size];
        }

        /** The same buffer, refilled: the producer copies it into its batch inside {@code send}. */
        public byte[] next() {
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (random.nextInt(26) + 65);
            }
            return payload;
        }
    }

    /**
     * Creates a topic and waits (not timed) until every partition has a leader and all its replicas in sync. A producer
     * that starts earlier can meet NOT_LEADER_OR_FOLLOWER on its first batch and, being idempotent, then
     * OUT_OF_ORDER_SEQUENCE_NUMBER on the next ones until the batches expire (120 s) — on whichever side went first.
     */
    public static String createTopic(Admin admin, String name, int partitions, int replicas) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicas))).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Each describe is answered by whichever broker the admin picks: as many ready answers in a row as there are
        // brokers make it likely that every broker has the new metadata.
        int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        int readyInARow = 0;
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
                boolean ready = d.partitions().size() == partitions && d.partitions().stream().allMatch(KafkaPerfTools::ready);
                readyInARow = ready ? readyInARow + 1 : 0;
                if (readyInARow >= brokers) {
                    return name;
                }
            } catch (java.util.concurrent.ExecutionException notYetKnown) {
                readyInARow = 0; // UnknownTopicOrPartition until the metadata reached the broker that answered
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " has no leader on every partition after 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static boolean ready(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty() && p.isr().size() == p.replicas().size();
    }

    /** ProducerPerformance {@code --throughput -1}: records/s from before its producer is created to after close. */
    public static double producerPerformance(String bootstrap, String topic, long records, int recordSize,
                                             String... producerProps) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Long.toString(records),
            "--record-size", Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
            "bootstrap.servers=" + bootstrap));
        args.addAll(List.of(producerProps));
        long t0 = System.nanoTime();
        String out = captureStdout(() -> ProducerPerformance.main(args.toArray(String[]::new)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        // e.g. "1000000 records sent, 250000.0 records/sec (23.84 MB/sec), ..."; only acknowledged records count
        String summary = out.lines().filter(l -> l.contains(" records sent, ") && l.contains("50th")).reduce((a, b) -> b)
            .orElseThrow(() -> new SideBySide.Incomplete("ProducerPerformance printed no summary: " + lastLine(out)));
        long acked = Long.parseLong(summary.substring(0, summary.indexOf(' ')));
        if (acked < records) {
            throw new SideBySide.Incomplete("ProducerPerformance: " + acked + " of " + records + " records acknowledged");
        }
        return acked / seconds;
    }

    /** ConsumerPerformance: records/s from before its consumer is created to after close (group join included). */
    public static double consumerPerformance(String bootstrap, String topic, String group, long records,
                                             long timeoutMs) throws Exception {
        long t0 = System.nanoTime();
        String out = captureStdout(() -> ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap,
            "--topic", topic, "--messages", Long.toString(records), "--group", group,
            "--timeout", Long.toString(timeoutMs)}));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long read = (long) consumerFigure(out, "data.consumed.in.nMsg");
        if (read < records) {
            throw new SideBySide.Incomplete("ConsumerPerformance read " + read + " of " + records + " records");
        }
        return read / seconds;
    }

    /**
     * A column of ConsumerPerformance's summary: a header line naming the columns ({@code ..., nMsg.sec, ...}) and a
     * line of as many comma-separated values.
     */
    static double consumerFigure(String out, String column) throws SideBySide.Incomplete {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        for (int i = lines.size() - 2; i >= 0; i--) {
            List<String> names = List.of(lines.get(i).split(",\\s*"));
            if (names.contains(column)) {
                for (String row : lines.subList(i + 1, lines.size())) {
                    String[] cells = row.split(",\\s*");
                    if (cells.length == names.size()) {
                        return Double.parseDouble(cells[names.indexOf(column)]);
                    }
                }
            }
        }
        throw new SideBySide.Incomplete("ConsumerPerformance printed no figures: " + lastLine(out));
    }

    interface Tool {
        void run() throws Exception;
    }

    /** Exit.exit from a tool becomes an exception here instead of ending the benchmark's JVM. */
    private static synchronized String captureStdout(Tool tool) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the tool exited with status " + code
                + (message == null ? "" : ": " + message));
        });
        try {
            tool.run();
        } catch (IllegalStateException e) {
            throw new SideBySide.Incomplete(SideBySide.oneLine(e) + " " + lastLine(buffer.toString(StandardCharsets.UTF_8)));
        } finally {
            Exit.resetExitProcedure();
            System.setOut(stdout);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String lastLine(String out) {
        return out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no output)");
    }
}
