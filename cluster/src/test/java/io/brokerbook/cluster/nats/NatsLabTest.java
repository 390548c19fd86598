package io.brokerbook.cluster.nats;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.ExecutableOnPath;
import io.brokerbook.cluster.testing.ProcNet;
import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NatsLab against Debian's real nats-server. */
class NatsLabTest {
    @TempDir
    Path work;

    @BeforeAll
    static void needsNatsServer() {
        RequiredTool.require(ExecutableOnPath.find("nats-server", null).isPresent(),
            "nats-server is not installed (apt-get install nats-server)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private NatsServerOptions options() {
        return NatsServerOptions.defaults().withWorkDir(work).withPort(freePort());
    }

    @Test
    void startsOnLoopbackPublishesAndSubscribesAndStopsWithoutACrash() throws Exception {
        Path runDir;
        long pid;
        try (NatsLab lab = NatsLab.start(options())) {
            System.out.println("nats-server ready in " + lab.startTime().toMillis() + " ms");
            int port = Integer.parseInt(lab.address().substring(lab.address().indexOf(':') + 1));
            List<String> listeners = ProcNet.listenAddresses(port);
            assertFalse(listeners.isEmpty());
            assertTrue(listeners.stream().allMatch(ProcNet::isLoopbackHex), listeners.toString());
            assertEquals(ComponentState.RUNNING, lab.status().state());
            assertTrue(lab.implementation().startsWith("nats-server 2."), lab.implementation());
            assertFalse(lab.jetstream());
            pid = lab.pid().orElseThrow();
            try (var dirs = Files.list(work)) {
                runDir = dirs.filter(p -> p.getFileName().toString().startsWith("nats-")).findFirst().orElseThrow();
            }

            ExecutorService pool = Executors.newSingleThreadExecutor();
            CountDownLatch subscribed = new CountDownLatch(1);
            Future<List<NatsMessage>> got = pool.submit(() ->
                lab.subscribe("orders.*", null, 2, Duration.ofSeconds(10), subscribed::countDown, m -> { }));
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
            assertEquals(4, lab.publish("orders.new", "uno1"));
            lab.publish("other.new", "not for it");
            lab.publish("orders.paid", "dos");
            List<NatsMessage> messages = got.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            assertEquals(List.of("orders.new", "orders.paid"), messages.stream().map(NatsMessage::subject).toList());
            assertEquals(List.of("uno1", "dos"), messages.stream().map(NatsMessage::data).toList());

            List<NatsMessage> none = lab.subscribe("quiet", null, null, Duration.ofMillis(200), () -> { }, m -> { });
            assertTrue(none.isEmpty());
            LabException noJs = assertThrows(LabException.class, lab::streams);
            assertTrue(noJs.getMessage().contains("JetStream is not enabled"), noJs.getMessage());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(runDir), "temp dir removed by stop");
    }

    @Test
    void badSubjectsAreOneLine() {
        assertTrue(assertThrows(NatsLabException.class, () -> NatsSubject.requirePublishable("orders.*")).getMessage()
            .contains("wildcards"));
        assertTrue(assertThrows(NatsLabException.class, () -> NatsSubject.requireFilter("orders..new")).getMessage()
            .contains("empty token"));
        assertTrue(assertThrows(NatsLabException.class, () -> NatsSubject.requireFilter("a.>.b")).getMessage()
            .contains("last token"));
        assertTrue(assertThrows(NatsLabException.class, () -> NatsSubject.requireFilter("a b")).getMessage()
            .contains("no spaces"));
        assertEquals("orders.>", NatsSubject.requireFilter("orders.>"));
    }

    @Test
    void aTakenPortIsRefusedAndAMissingServerSaysHowToInstallIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LabException e = assertThrows(LabException.class,
                () -> NatsLab.start(options().withPort(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("is already in use"), e.getMessage());
        }
        NatsLabException missing = assertThrows(NatsLabException.class,
            () -> NatsLab.start(options().withSearchPath(work.toString())));
        assertEquals("nats-server is not installed (not found on PATH); install it with: sudo apt-get install nats-server",
            missing.getMessage());
    }

    @Test
    void jetStreamStreamsAndConsumersWithRedeliveryAndADataDirThatSurvivesARestart() throws Exception {
        Path data = work.resolve("data");
        try (NatsLab lab = NatsLab.start(options().withDataDir(data))) {
            assertTrue(lab.jetstream());
            NatsStream stream = lab.addStream("ORDERS", List.of("orders.>"), "file", "limits", -1);
            assertEquals(0, stream.messages());
            for (int i = 1; i <= 3; i++) {
                lab.publish("orders.new", "order " + i);
            }
            assertEquals(3, lab.stream("ORDERS").messages());
            assertEquals(List.of("ORDERS"), lab.streams().stream().map(NatsStream::name).toList());

            NatsConsumer c = lab.addConsumer("ORDERS", "billing", "explicit", "all", null, Duration.ofMillis(500), -1);
            assertEquals("500ms", c.ackWait());
            List<NatsMessage> first = lab.next("ORDERS", "billing", 1, false, Duration.ofSeconds(5));
            assertEquals("order 1", first.get(0).data());
            assertEquals(1, first.get(0).delivered().getAsLong());
            assertEquals(1, lab.consumer("ORDERS", "billing").ackPending());
            Thread.sleep(800); // past the AckWait: order 1 comes again
            List<NatsMessage> again = lab.next("ORDERS", "billing", 3, true, Duration.ofSeconds(5));
            assertEquals(List.of("order 1", "order 2", "order 3"), again.stream().map(NatsMessage::data).toList());
            assertEquals(2, again.get(0).delivered().getAsLong());
            NatsConsumer after = lab.consumer("ORDERS", "billing");
            assertEquals(0, after.ackPending());
            assertEquals(0, after.pending());

            LabException missingStream = assertThrows(LabException.class, () -> lab.stream("NOPE"));
            assertTrue(missingStream.getMessage().startsWith("Cannot read stream NOPE: stream not found"), missingStream.getMessage());
            assertThrows(LabException.class, () -> lab.addStream("bad.name", List.of("x"), "file", "limits", -1));
        }
        try (NatsLab lab = NatsLab.start(options().withDataDir(data))) {
            assertEquals(3, lab.stream("ORDERS").messages(), "the stream survives a restart with --data-dir");
            assertEquals(0, lab.consumer("ORDERS", "billing").pending());
        }
    }

    @Test
    void killedFromOutsideIsACrashWithItsSignal() throws Exception {
        NatsLab lab = NatsLab.start(options());
        try {
            long pid = lab.pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lab.status().state() != ComponentState.CRASHED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(ComponentState.CRASHED, lab.status().state());
            String detail = lab.status().detail().orElseThrow();
            assertTrue(detail.contains("(pid " + pid + ") stopped unexpectedly (killed by signal 9)"), detail);
            assertThrows(NatsLabException.class, () -> lab.publish("a", "b"));
        } finally {
            lab.stop();
        }
    }

    @Test
    void aStopIsNoCrashThoughNatsServerExitsWithStatusOne() {
        NatsLab lab = NatsLab.start(options().withJetStream(true));
        lab.stop();
        assertEquals(ComponentState.STOPPED, lab.status().state());
        assertTrue(lab.crashReport().isEmpty());
    }
}
