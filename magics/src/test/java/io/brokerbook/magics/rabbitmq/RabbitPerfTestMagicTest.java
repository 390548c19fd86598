package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.rabbitmq.RabbitInstall;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.testing.RequiredTool;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %rabbitmq-perf-test}: PerfTest in the kernel's JVM against the lab's real rabbitmq-server. */
class RabbitPerfTestMagicTest {
    @TempDir
    static Path work;
    private static TestKernelHost host;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RabbitInstall.find(System.getenv("PATH")).isPresent(), "rabbitmq-server is not installed");
        host = new TestKernelHost(work);
        new RabbitMagics().register(host, host);
        // a free port of its own: other labs on this machine race for 5672 while rabbitmq-server boots
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        run("rabbitmq", "start --port " + port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.shutdown();
        }
    }

    private static RecordingContext run(String magic, String line) throws Exception {
        RecordingContext ctx = new RecordingContext();
        run(magic, line, ctx);
        return ctx;
    }

    private static void run(String magic, String line, RecordingContext ctx) throws Exception {
        Magic m = host.find(magic).orElseThrow();
        m.line().run(ArgTokenizer.split(line), ctx);
    }

    /** PerfTest's threads and its connections' threads (not the lab's own connection, opened before). */
    private static List<String> perfTestThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
            .map(Thread::getName).filter(PerfTestRun::isPerfTestThread).toList();
    }

    private static Set<Thread> threadsNow() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Test
    void runsToItsMessageLimitsAndPrintsPerfTestsSummary() throws Exception {
        Set<Thread> before = threadsNow();
        RecordingContext ctx = run("rabbitmq-perf-test", "-x 1 -y 1 -s 100 -r 1000 -C 3000 -D 3000 -c 100 -u perf-junit -ad false");
        String out = ctx.text();
        assertTrue(out.contains(", time ") && out.contains("msg/s"), out); // its per-second lines
        assertTrue(out.contains("test stopped (") && out.contains("Producer reached message limit"), out);
        assertTrue(out.contains("sending rate avg:") && out.contains("receiving rate avg:"), out);
        assertEquals(List.of(), perfTestThreadsSince(before));
        // what PerfTest sent was consumed: its queue is there, empty
        RabbitApi rabbit = (RabbitApi) host.bound.get("rabbit");
        assertEquals(0, rabbit.lab().withChannel(ch -> ch.queueDeclarePassive("perf-junit")).getMessageCount());
    }

    @Test
    void interruptStopsItAsCtrlCDoesAndLeavesNoThread() throws Exception {
        Set<Thread> before = threadsNow();
        RecordingContext ctx = new RecordingContext();
        CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
            try {
                run("rabbitmq-perf-test", "-x 1 -y 1 -s 100 -r 200 -z 300 -u perf-interrupt -ad false", ctx);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ctx.text().contains("time ") && System.nanoTime() < deadline && !ended.isDone()) {
            Thread.sleep(100); // the first of PerfTest's per-second lines
        }
        assertTrue(ctx.text().contains("time "), ctx.text());
        ctx.interrupt();
        Throwable t = ended.get(120, TimeUnit.SECONDS);
        assertTrue(t instanceof java.util.concurrent.CancellationException, String.valueOf(t));
        assertTrue(ctx.text().contains("test stopped"), ctx.text());
        assertEquals(List.of(), perfTestThreadsSince(before));
        // PerfTest's consumer is gone from the server (its connection closed)
        RabbitApi rabbit = (RabbitApi) host.bound.get("rabbit");
        assertEquals(0, rabbit.lab().withChannel(ch -> ch.queueDeclarePassive("perf-interrupt")).getConsumerCount());
    }

    @Test
    void refusesWhatTheLabCannotHonourInOneLine() {
        Set<Thread> before = threadsNow();
        MagicException e = assertThrows(MagicException.class, () -> run("rabbitmq-perf-test", "-C 10 --metrics-prometheus"));
        assertTrue(e.getMessage().contains("--metrics-prometheus is not available"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        e = assertThrows(MagicException.class, () -> run("rabbitmq-perf-test", "--producerz 1"));
        assertTrue(e.getMessage().contains("Parsing failed. Reason: Unrecognized option: --producerz"), e.getMessage());
        // PerfTest's own validation, as one line
        e = assertThrows(MagicException.class, () -> run("rabbitmq-perf-test", "--exit-when sometimes -C 1"));
        assertTrue(e.getMessage().contains("--exit-when must be 'empty' or 'idle'"), e.getMessage());
        assertEquals(List.of(), perfTestThreadsSince(before));
    }

    @Test
    void aServerThatDoesNotAnswerIsOneLine() {
        Set<Thread> before = threadsNow();
        Exception e = assertThrows(Exception.class, () -> run("rabbitmq-perf-test", "--uri amqp://127.0.0.1:1 -C 1"));
        assertTrue(e instanceof MagicException || e instanceof LabException, String.valueOf(e));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        assertEquals(List.of(), perfTestThreadsSince(before));
    }

    @Test
    void completesPerfTestFlagsAndQueueNames() throws Exception {
        var completer = host.completers.get("rabbitmq-perf-test");
        List<String> flags = completer.candidates(new CompletionRequest("rabbitmq-perf-test", List.of(), "--prod", "", List.of(), ""));
        assertTrue(flags.contains("--producers") && flags.contains("--producer-channel-count"), flags.toString());
        run("rabbitmq", "declare queue perf-complete-me");
        List<String> queues = completer.candidates(new CompletionRequest("rabbitmq-perf-test", List.of("-u"), "perf-comp", "",
            List.of("-u"), ""));
        assertEquals(List.of("perf-complete-me"), queues);
    }

    @Test
    void usesTheLabsServerWithItsCredentials() {
        RabbitLab lab = ((RabbitApi) host.bound.get("rabbit")).lab();
        assertEquals("amqp://guest:guest@127.0.0.1:" + lab.port(), RabbitPerfTestMagic.uri(lab));
    }
}
