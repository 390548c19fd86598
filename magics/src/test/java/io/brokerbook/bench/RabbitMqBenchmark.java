package io.brokerbook.bench;

import com.rabbitmq.perf.PerfTest;
import com.rabbitmq.perf.RelaxedExceptionHandler;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.rabbitmq.DeliveryRow;
import io.brokerbook.cluster.rabbitmq.QpidJava;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.rabbitmq.RabbitApi;
import io.brokerbook.magics.rabbitmq.RabbitMagics;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The RabbitMQ lab's figures, printed ({@link SideBySide}: a warm-up round, the order rotating, medians):
 * <ul>
 * <li>each server kind's {@code %rabbitmq start} and {@code %rabbitmq stop} through the magic, and the server's RSS
 * (beam.smp + epmd for the real kind; the child JVM for Qpid Broker-J), and the mean time of a
 * {@code %rabbitmqctl list_queues} on a node with one queue. Targets: real start <= 8 s; fallback start <= 3 s.</li>
 * <li>publish + consume of 100 000 x 100 B with publisher confirms (at most 1000 unconfirmed), one producer and one
 * consumer at the same time, manual acks, unlimited prefetch, transient messages into a fresh transient queue:
 * through the {@code rabbit} binding ({@code publishRate} + {@code consume}, the code path of the magics) next to
 * RabbitMQ PerfTest ({@code -x 1 -y 1 -s 100 -c 1000 -C N -D N -p -u Q}) against the same server. Both clocks run
 * from the start of the run to the last message consumed. Target: ratio >= 0.8.</li>
 * </ul>
 * System properties: bench.runs (rounds, 3), bench.messages (100 000), bench.only (lifecycle or throughput).
 */
public final class RabbitMqBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 100_000);
    private static final String ONLY = System.getProperty("bench.only", "");
    private static final int BODY = 100;
    /** {@code %rabbitmqctl list_queues} calls timed per round (rabbitmqctl itself boots an Erlang VM each call). */
    private static final int LIST_CALLS = 10;
    private static final int CONFIRM_WINDOW = 1000;
    private static final String BINDING = "rabbit binding";
    private static final String PERF_TEST = "PerfTest 2.22.1";

    /** A server kind of {@code %rabbitmq start}: its name, the start line's extra arguments, its start-time target. */
    record ServerKind(String name, String startArguments, double startTargetSeconds, boolean available) {
    }

    static List<ServerKind> kinds() {
        List<ServerKind> kinds = new ArrayList<>();
        kinds.add(new ServerKind("real rabbitmq-server", "", 8.0,
            io.brokerbook.cluster.rabbitmq.RabbitInstall.find(System.getenv("PATH")).isPresent()));
        kinds.add(new ServerKind("Qpid Broker-J (child JVM)", "--server qpid", 3.0, qpidJava()));
        return kinds;
    }

    private static boolean qpidJava() {
        try {
            var java = QpidJava.choose(QpidJava.Sources.ofThisProcess());
            System.out.println("Qpid Broker-J's child JVM: Java " + java.version() + " (" + java.home() + ", " + java.source() + ")");
            return true;
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        SideBySide.printEnvironment("RabbitMqBenchmark");
        Path work = Files.createTempDirectory("rabbitmq-bench");
        try {
            if (!ONLY.equals("throughput")) {
                lifecycle(work);
            }
            if (!ONLY.equals("lifecycle")) {
                throughput(work);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void lifecycle(Path work) throws Exception {
        for (ServerKind kind : kinds()) {
            if (!kind.available()) {
                System.out.printf("%n== %s: not available, skipped%n", kind.name());
                continue;
            }
            TestKernelHost host = new TestKernelHost(work);
            new RabbitMagics().register(host, host);
            try {
                new SideBySide(kind.name() + ": %rabbitmq start / stop through the magic, RSS of its processes"
                    + " (target: start <= " + kind.startTargetSeconds() + " s)",
                    SideBySide.Metric.lower("start", "s"), SideBySide.Metric.lower("stop", "s"),
                    SideBySide.Metric.lower("RSS", "MB"), SideBySide.Metric.lower("list_queues", "ms"))
                    .side(kind.name(), round -> startStop(host, kind))
                    .run(1, RUNS);
            } finally {
                host.shutdown();
            }
        }
    }

    private static double[] startStop(TestKernelHost host, ServerKind kind) throws Exception {
        long t0 = System.nanoTime();
        magic(host, "rabbitmq", ("start " + kind.startArguments()).strip());
        double start = (System.nanoTime() - t0) / 1e9;
        RabbitLab lab = ((RabbitApi) host.bound.get("rabbit")).lab();
        double rssMb = (rssKb(lab.pid().orElse(-1L)) + rssKb(lab.epmdPid().orElse(-1L))) / 1024.0;
        magic(host, "rabbitmq", "declare queue bench-listed");
        magic(host, "rabbitmqctl", "list_queues"); // the first waits out the statistics of the node's start
        long listed = System.nanoTime();
        for (int i = 0; i < LIST_CALLS; i++) {
            magic(host, "rabbitmqctl", "list_queues");
        }
        double listMs = (System.nanoTime() - listed) / 1e6 / LIST_CALLS;
        long t1 = System.nanoTime();
        magic(host, "rabbitmq", "stop");
        double stop = (System.nanoTime() - t1) / 1e9;
        return new double[] {start, stop, rssMb, listMs};
    }

    /** VmRSS of {@code pid} and its descendants (the start script, beam.smp, its port programs), in kB. */
    static long rssKb(long pid) {
        if (pid <= 0) {
            return 0;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        long total = 0;
        for (long p : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // gone meanwhile
            }
        }
        return total;
    }

    private static String magic(TestKernelHost host, String name, String line) throws Exception {
        RecordingContext ctx = new RecordingContext();
        host.find(name).orElseThrow().line().run(ArgTokenizer.split(line), ctx);
        return ctx.text();
    }

    private static void throughput(Path work) throws Exception {
        if (!kinds().get(0).available()) {
            return;
        }
        TestKernelHost host = new TestKernelHost(work);
        new RabbitMagics().register(host, host);
        try {
            // a free port of its own: other labs on this machine race for 5672
            System.out.print(magic(host, "rabbitmq", "start --port " + freePort()));
            RabbitApi rabbit = (RabbitApi) host.bound.get("rabbit");
            String uri = perfTestUri(rabbit.lab());
            new SideBySide("publish + consume " + MESSAGES + " x " + BODY + " B, publisher confirms (<= " + CONFIRM_WINDOW
                + " unconfirmed), 1 producer + 1 consumer at once, manual acks; clock to the last message consumed"
                + " (target: ratio >= 0.8)", SideBySide.Metric.higher("", "msg/s"))
                .side(BINDING, round -> new double[] {binding(host, rabbit, "bench-binding-" + round.id(), messages(round))})
                .side(PERF_TEST, round -> new double[] {perfTest(host, uri, "bench-perftest-" + round.id(), messages(round))})
                .run(1, RUNS)
                .printRatios("publish + consume", BINDING, PERF_TEST, "(target >= 0.8)");
        } finally {
            host.shutdown();
        }
    }

    private static int messages(SideBySide.Round round) {
        return round.warmUp() ? Math.max(1, MESSAGES / 5) : MESSAGES;
    }

    private static double binding(TestKernelHost host, RabbitApi rabbit, String queue, int n) throws Exception {
        magic(host, "rabbitmq", "declare queue " + queue);
        try {
            long t0 = System.nanoTime();
            CompletableFuture<Rows<DeliveryRow>> consumed = CompletableFuture.supplyAsync(() -> rabbit.consume(queue, n));
            rabbit.publishRate("", queue, n, BODY, true);
            Rows<DeliveryRow> rows = consumed.get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (rows.size() < n) {
                throw new SideBySide.Incomplete(rows.size() + " of " + n + " consumed");
            }
            return n / seconds;
        } finally {
            magic(host, "rabbitmq", "delete queue " + queue);
        }
    }

    /** PerfTest in this JVM, as {@code %rabbitmq-perf-test} runs it; its System.exit becomes an exception. */
    private static double perfTest(TestKernelHost host, String uri, String queue, int n) throws Exception {
        magic(host, "rabbitmq", "declare queue " + queue);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicInteger status = new AtomicInteger();
            PerfTest.PerfTestOptions options = new PerfTest.PerfTestOptions()
                .setSystemExiter(code -> {
                    status.set(code);
                    throw new Exit();
                })
                .setSkipSslContextConfiguration(false)
                .setExceptionHandler(new RelaxedExceptionHandler())
                .setConsoleOut(new PrintStream(out, true, StandardCharsets.UTF_8))
                .setConsoleErr(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] argv = ("--uri " + uri + " -x 1 -y 1 -s " + BODY + " -c " + CONFIRM_WINDOW + " -C " + n + " -D " + n
                + " -p -u " + queue).split(" ");
            long t0 = System.nanoTime();
            try {
                PerfTest.main(argv, options);
            } catch (Exit e) {
                // the status is recorded
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String text = out.toString(StandardCharsets.UTF_8);
            if (status.get() != 0 || !text.contains("Consumer reached message limit")) {
                throw new SideBySide.Incomplete("PerfTest status " + status.get() + ": "
                    + text.lines().filter(l -> l.contains("stopped") || l.contains("exception")).findFirst().orElse(""));
            }
            return n / seconds;
        } finally {
            magic(host, "rabbitmq", "delete queue " + queue);
        }
    }

    private static final class Exit extends Error {
        Exit() {
            super("PerfTest exit", null, false, false);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String perfTestUri(RabbitLab lab) {
        var f = lab.connectionFactory();
        return "amqp://" + f.getUsername() + ":" + f.getPassword() + "@" + f.getHost() + ":" + f.getPort();
    }
}
