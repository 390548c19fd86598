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
 * The in-JVM fallback, Qpid Broker-J: start and stop times (the first start in a fresh JVM, then restarts, each
 * with a class loader of its own), the memory it adds to the JVM (heap after GC, RSS, loaded classes) and a
 * publish of {@code bench.messages} (default 10 000) × 100 B with publisher confirms. Target: start ≤ 3 s.
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
        long heapBefore = heapAfterGc();
        long rssBefore = rssKb();
        int classesBefore = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        for (int round = 1; round <= rounds; round++) {
            RabbitLab lab = RabbitLab.start(options);
            long startMs = lab.startTime().toMillis();
            starts.add(startMs);
            if (round == 1) {
                long heap = heapAfterGc() - heapBefore;
                long rss = rssKb() - rssBefore;
                int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - classesBefore;
                System.out.printf(Locale.ROOT, "Qpid Broker-J %s first start (cold JVM): %d ms; adds heap %.1f MB (after GC), "
                    + "RSS %.1f MB, %d classes%n", lab.version(), startMs, heap / 1048576.0, rss / 1024.0, classes);
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
        System.out.println("start ms per round: " + starts + "  (target <= 3000)");
        System.out.println("median start of restarts in the same JVM: " + median(starts.subList(Math.min(1, starts.size() - 1), starts.size())) + " ms");
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

    private static long rssKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
