package io.brokerbook.bench;

import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitMessaging;
import io.brokerbook.cluster.rabbitmq.RabbitServerKind;
import io.brokerbook.cluster.rabbitmq.RabbitServerOptions;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The fallback, Qpid Broker-J in a child JVM: start and stop times, the child's RSS, what this JVM keeps after
 * the stops (heap after GC, loaded classes: nothing of Qpid, which never loads here) and a publish of
 * {@code bench.messages} (default 10 000) × 100 B with publisher confirms. Target: start ≤ 3 s.
 * Prints, asserts nothing. {@code ./bench.sh QpidBrokerBenchmark [-Dbench.rounds=5] [-Dbench.messages=N]}
 */
public final class QpidBrokerBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        long messages = Long.getLong("bench.messages", 10_000);
        Path work = Files.createTempDirectory("qpid-bench-");
        RabbitServerOptions options = RabbitServerOptions.defaults().withWorkDir(work).withServer(RabbitServerKind.QPID);
        List<Long> starts = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        long heapBefore = heapAfterGc();
        long rssBefore = rssKb(ProcessHandle.current().pid());
        int classesBefore = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        for (int round = 1; round <= rounds; round++) {
            RabbitLab lab = RabbitLab.start(options);
            long startMs = lab.startTime().toMillis();
            starts.add(startMs);
            rss.add(rssKb(lab.pid().orElseThrow()) / 1024);
            if (round == 1) {
                long heap = heapAfterGc() - heapBefore;
                long kernelRss = rssKb(ProcessHandle.current().pid()) - rssBefore;
                int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - classesBefore;
                System.out.printf(Locale.ROOT, "Qpid Broker-J %s on Java %s, first start: %d ms; child JVM RSS %d MB; this JVM: "
                    + "heap +%.1f MB (after GC), RSS +%.1f MB, %d classes (the lab's client side)%n", lab.version(),
                    lab.qpidJava().orElseThrow().version(), startMs, rss.get(0), heap / 1048576.0, kernelRss / 1024.0, classes);
                RabbitMessaging amqp = new RabbitMessaging(lab);
                amqp.declareQueue("bench", false, null, null, null, null);
                var rate = amqp.publishMany("", "bench", messages, 100, false, true, 1000);
                System.out.printf(Locale.ROOT, "publish %d x 100 B with confirms (window 1000): %.2f s, %.0f msg/s%n",
                    rate.messages(), rate.seconds(), rate.messagesPerSecond());
                System.out.printf(Locale.ROOT, "after the publish: heap %.1f MB over the baseline (after GC)%n",
                    (heapAfterGc() - heapBefore) / 1048576.0);
            }
            long begin = System.nanoTime();
            lab.stop();
            stops.add((System.nanoTime() - begin) / 1_000_000);
        }
        System.out.printf(Locale.ROOT, "after %d stops: heap %.1f MB over the baseline (after GC), %d classes still loaded over it%n",
            rounds, (heapAfterGc() - heapBefore) / 1048576.0,
            ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - classesBefore);
        System.out.println("start ms per round: " + starts + "  (target <= 3000); median " + median(starts) + " ms");
        System.out.println("child JVM RSS MB per round (after start): " + rss);
        System.out.println("stop ms per round: " + stops);
        Files.deleteIfExists(work);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long rssKb(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
