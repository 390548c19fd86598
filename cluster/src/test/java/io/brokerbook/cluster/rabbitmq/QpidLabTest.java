package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.testing.ProcNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-JVM fallback, Qpid Broker-J, through the same RabbitLab and RabbitMessaging as the real server. */
class QpidLabTest {
    @TempDir
    Path work;

    private static RabbitServerOptions qpid(Path work) {
        return RabbitServerOptions.defaults().withWorkDir(work.resolve("run")).withServer(RabbitServerKind.QPID);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void servesTheMagicsOperationsOnLoopbackAndLeavesNoThreadOrDirAfterStop() throws Exception {
        RabbitLab lab = RabbitLab.start(qpid(work).withCredentials("shop", "s3cret"));
        Path runDir = lab.runDir().orElseThrow();
        try {
            System.out.printf("Qpid Broker-J %s started in %d ms on Java %s%n", lab.version(), lab.startTime().toMillis(),
                lab.qpidJava().orElseThrow().version());
            assertTrue(lab.isQpid());
            long pid = lab.pid().orElseThrow();
            assertTrue(ProcessHandle.current().descendants().anyMatch(h -> h.pid() == pid), "a child of this JVM");
            int feature = lab.qpidJava().orElseThrow().feature();
            assertTrue(feature >= 17 && feature <= 23, "runs on Java 17-23, not " + feature);
            assertTrue(lab.status().implementation().contains("child JVM on Java "), lab.status().implementation());
            assertEquals(ComponentState.RUNNING, lab.status().state());
            assertTrue(lab.status().implementation().startsWith("Qpid Broker-J 9.2"), lab.status().implementation());
            List<String> listening = ProcNet.listenAddresses(lab.port());
            assertFalse(listening.isEmpty(), "listens on " + lab.port());
            for (String l : listening) {
                assertTrue(ProcNet.isLoopbackHex(l), "not on loopback: " + l);
            }
            List<String> childListens = ProcNet.listeningOf(pid);
            assertEquals(2, childListens.size(), "AMQP and the inspection socket: " + childListens);
            for (String l : childListens) {
                assertTrue(ProcNet.isLoopbackHex(l.substring(0, l.lastIndexOf(':'))), "the child listens on " + l);
            }
            LabException wrong = assertThrows(LabException.class,
                () -> RabbitLab.connect("amqp://shop:wrong@127.0.0.1:" + lab.port() + "/", null));
            assertTrue(wrong.getMessage().contains("wrong user or password"), wrong.getMessage());

            RabbitMessaging amqp = new RabbitMessaging(lab);
            amqp.declareExchange("purchases", "topic", true);
            amqp.declareQueue("billing", true, null, null, null, null);
            amqp.declareQueue("shipping", false, null, null, null, null);
            amqp.bind("billing", "purchases", "order.#");
            amqp.bind("shipping", "purchases", "order.paid");
            var published = amqp.publish("purchases", "order.paid", List.of("p1", "p2"), true, true, false);
            assertTrue(published.stream().allMatch(r -> r.result().equals("confirmed")), published.toString());
            Map<String, Long> ready = lab.queues().stream()
                .collect(Collectors.toMap(QueueInfo::name, q -> q.messagesReady().orElse(-1)));
            assertEquals(Map.of("billing", 2L, "shipping", 2L), ready);
            long t0 = System.nanoTime();
            int asked = 20;
            for (int i = 0; i < asked; i++) {
                lab.queues();
            }
            System.out.printf("list_queues from the child JVM: %.2f ms a call%n", (System.nanoTime() - t0) / 1e6 / asked);
            assertTrue(lab.queues().stream().allMatch(q -> q.memory().isEmpty()), "Qpid reports no memory: none invented");
            assertTrue(lab.exchanges().stream().anyMatch(x -> x.name().equals("purchases") && x.type().equals("topic")));
            assertTrue(lab.bindings().stream().anyMatch(b -> b.sourceName().equals("purchases")
                && b.destinationName().equals("shipping") && b.routingKey().equals("order.paid")));
            assertTrue(lab.connections().stream().anyMatch(c -> c.user().equals("shop") && c.peerHost().equals("127.0.0.1")),
                lab.connections().toString());

            LabException ttl = assertThrows(LabException.class, () -> amqp.declareQueue("expiring", false, 1000L, "dlx", null, null));
            assertTrue(ttl.getMessage().contains("x-message-ttl") && ttl.getMessage().contains("connection stays open"), ttl.getMessage());
            assertFalse(ttl.getMessage().contains("\n"));
            assertEquals(2, amqp.messagesReady("billing"), "the lab's connection still works");
            LabException notFound = assertThrows(LabException.class, () -> amqp.purge("no-such-queue"));
            assertTrue(notFound.getMessage().contains("404"), notFound.getMessage());

            List<String> bodies = IntStream.range(0, 100).mapToObj(i -> "m" + i).toList();
            amqp.declareQueue("work", false, null, null, null, null);
            amqp.publish("", "work", bodies, false, true, false);
            var rows = amqp.consume("work", new ConsumeOptions(ConsumeOptions.AckMode.MANUAL, 10, 0, Duration.ofSeconds(2), 3, 7));
            Map<String, Integer> acked = new HashMap<>();
            rows.stream().filter(r -> r.ack().equals("acked")).forEach(r -> acked.merge(r.body(), 1, Integer::sum));
            assertEquals(100, acked.size(), "every message acked: none lost");
            assertTrue(acked.values().stream().allMatch(n -> n == 1), "no message acked twice");
            assertEquals(7, rows.stream().filter(r -> r.consumer() == 1 && !r.ack().equals("acked")).count());
            assertTrue(rows.stream().anyMatch(r -> r.redelivered() && r.ack().equals("acked")), "redelivered ones");
            assertEquals(0, amqp.messagesReady("work"));
        } finally {
            lab.stop();
        }
        assertFalse(Files.exists(runDir), "run dir removed");
        assertFalse(alive(lab.pid().orElseThrow()), "the child JVM ends with stop");
        assertTrue(ProcNet.listenAddresses(lab.port()).isEmpty(), "port released");
    }

    @Test
    void aDerbyDataDirKeepsDurableQueuesAndPersistentMessagesAcrossARestart() {
        Path data = work.resolve("data");
        RabbitServerOptions options = qpid(work).withDataDir(data);
        RabbitLab first = RabbitLab.start(options);
        try {
            RabbitMessaging amqp = new RabbitMessaging(first);
            amqp.declareQueue("orders", true, null, null, null, null);
            amqp.declareQueue("scratch", false, null, null, null, null);
            amqp.publish("", "orders", List.of("a", "b"), true, true, false);
            amqp.publish("", "orders", List.of("transient"), false, true, false);
            amqp.publish("", "scratch", List.of("c"), true, true, false);
            assertTrue(first.status().implementation().contains("Derby"), first.status().implementation());
        } finally {
            first.stop();
        }
        RabbitLab second = RabbitLab.start(options);
        try {
            RabbitMessaging amqp = new RabbitMessaging(second);
            assertEquals(2, amqp.messagesReady("orders"), "persistent messages of a durable queue survive");
            assertEquals("a", amqp.get("orders", true).orElseThrow().body());
            assertThrows(RabbitLabException.class, () -> amqp.messagesReady("scratch"), "a transient queue is gone");
            assertThrows(LabException.class, () -> RabbitLab.start(options), "the data dir is locked while in use");
        } finally {
            second.stop();
        }
    }

    @Test
    void aChildKilledFromOutsideShowsAsCrashedWithItsLastLogLines() throws Exception {
        RabbitLab lab = RabbitLab.start(qpid(work));
        try {
            long pid = lab.pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lab.status().state() != ComponentState.CRASHED && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(ComponentState.CRASHED, lab.status().state());
            String report = lab.crashReport().orElseThrow();
            assertTrue(report.startsWith("Qpid Broker-J on 127.0.0.1:" + lab.port() + " (pid " + pid
                + ") stopped unexpectedly (killed by signal 9); last log lines: "), report);
            LabException e = assertThrows(LabException.class, lab::queues);
            assertEquals(report, e.getMessage());
        } finally {
            lab.stop();
        }
        assertFalse(Files.exists(lab.runDir().orElseThrow()), "run dir removed");
    }

    @Test
    void aBrokerThatDiesAtStartSaysWhyInOneLineWithItsLastLogLines() throws Exception {
        Path data = Files.createDirectories(work.resolve("bad-data"));
        Files.writeString(data.resolve(QpidBroker.STORE_DIR), "not a directory: Derby cannot create its store here");
        LabException e = assertThrows(LabException.class, () -> RabbitLab.start(qpid(work).withDataDir(data)));
        assertTrue(e.getMessage().startsWith("Qpid Broker-J exited during start-up (exit code 1): last log lines: "),
            e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Error: Qpid Broker-J's virtual host node 'default' is ERRORED: Directory "
            + data.resolve(QpidBroker.STORE_DIR).resolve("default") + " cannot be created."), e.getMessage());
        try (var left = Files.list(work.resolve("run"))) {
            assertEquals(List.of(), left.toList(), "no run dir left");
        }
        RabbitLab again = RabbitLab.start(qpid(work).withDataDir(work.resolve("good-data")));
        again.stop(); // the data dir lock of the failed start was released: nothing stuck
    }

    @Test
    void managementIsRefusedInOneLine() {
        LabException e = assertThrows(LabException.class, () -> RabbitLab.start(qpid(work).withManagement(true)));
        assertTrue(e.getMessage().startsWith("--management:"), e.getMessage());
    }

    @Test
    void aPortAnotherProgramBindsDuringTheStartIsLeftForTheNextFreeOne() throws Exception {
        QpidRuntime runtime = QpidRuntime.locate();
        QpidJava java = QpidJava.choose(QpidJava.Sources.ofThisProcess());
        ChildServerStart start = new ChildServerStart(RabbitLab.KIND, RabbitLab.DEFAULT_PORT, "Qpid Broker-J",
            "Qpid Broker-J's directories", Duration.ofSeconds(10), RabbitLabException::new);
        Path runs = work.resolve("retry");
        try (TakenOnFirstTry taken = new TakenOnFirstTry()) {
            ChildServer broker = start.start(null, null, runs, "Qpid Broker-J", launch -> {
                taken.take(launch);
                QpidBroker.start(runtime, java, launch, "guest", "guest", null);
                return launch.own(p -> "stopped unexpectedly");
            });
            try {
                assertEquals(2, taken.tried.size(), "tried again once: " + taken.tried);
                assertTrue(!taken.tried.get(0).equals(taken.tried.get(1)), "on another port: " + taken.tried);
                assertFalse(ProcNet.listeningOf(broker.pid()).isEmpty(), "serves on " + taken.tried.get(1));
            } finally {
                broker.stop();
            }
        }
        try (var left = Files.list(runs)) {
            assertEquals(List.of(), left.toList(), "no run dir left, of either try");
        }
    }
}
