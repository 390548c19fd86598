package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.testing.ProcNet;
import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.AfterAll;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab's RabbitMQ against a real rabbitmq-server child. */
class RabbitLabTest {
    private static RabbitLab lab;
    private static RabbitMessaging amqp;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        RequiredTool.require(RabbitInstall.find(System.getenv("PATH")).isPresent(), "rabbitmq-server is not installed");
        lab = RabbitLab.start(RabbitServerOptions.defaults().withWorkDir(work));
        amqp = new RabbitMessaging(lab);
        long rss = ProcessHandle.of(lab.pid().orElseThrow()).isPresent() ? rssKb(lab.pid().orElseThrow()) : -1;
        System.out.printf("rabbitmq-server %s started in %d ms, RSS %d MB%n", lab.version(), lab.startTime().toMillis(), rss / 1024);
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.stop();
        }
    }

    static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void everyListenerOfTheNodeAndItsEpmdIsOnLoopback() throws Exception {
        List<String> node = ProcNet.listeningOf(lab.pid().orElseThrow());
        List<String> epmd = ProcNet.listeningOf(lab.epmdPid().orElseThrow());
        assertTrue(node.size() >= 3, "AMQP, management and distribution listeners: " + node);
        assertFalse(epmd.isEmpty(), "epmd listens");
        for (String l : concat(node, epmd)) {
            assertTrue(ProcNet.isLoopbackHex(l.substring(0, l.indexOf(':'))), "not on loopback: " + l);
        }
        assertTrue(node.stream().anyMatch(l -> l.endsWith(":" + lab.port())), node.toString());
        assertEquals(ComponentState.RUNNING, lab.status().state());
        assertTrue(lab.status().implementation().startsWith("rabbitmq-server 3."), lab.status().implementation());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void anExchangeRoutesToTheBoundQueuesAndListQueuesCountsThem() {
        amqp.declareExchange("purchases", "fanout", false);
        amqp.declareQueue("billing", false, null, null, null, null);
        amqp.declareQueue("shipping", false, null, null, null, null);
        amqp.bind("billing", "purchases", "");
        amqp.bind("shipping", "purchases", "");
        var published = amqp.publish("purchases", "", List.of("p1", "p2", "p3"), false, true, false);
        assertTrue(published.stream().allMatch(r -> r.result().equals("confirmed")), published.toString());
        Map<String, Long> ready = lab.queues().stream()
            .collect(Collectors.toMap(QueueInfo::name, q -> q.messagesReady().orElse(-1)));
        assertEquals(3, ready.get("billing"));
        assertEquals(3, ready.get("shipping"));
        assertTrue(lab.bindings().stream().anyMatch(b -> b.sourceName().equals("purchases") && b.destinationName().equals("billing")));
        assertTrue(lab.exchanges().stream().anyMatch(x -> x.name().equals("purchases") && x.type().equals("fanout")));
        assertTrue(lab.connections().size() >= 1);

        var got = amqp.consume("billing", new ConsumeOptions(ConsumeOptions.AckMode.MANUAL, 0, 0, Duration.ofMillis(500), 1, 0));
        assertEquals(List.of("p1", "p2", "p3"), got.stream().map(DeliveryRow::body).toList());
        assertEquals(0, amqp.messagesReady("billing"));
        assertEquals(3, amqp.messagesReady("shipping"));
        assertEquals(3, amqp.purge("shipping"));
    }

    @Test
    void aMandatoryMessageNoQueueTakesComesBack() {
        amqp.declareExchange("nowhere", "direct", false);
        var rows = amqp.publish("nowhere", "x", List.of("lost?"), false, false, true);
        assertTrue(rows.get(0).result().startsWith("returned as unroutable (312 NO_ROUTE"), rows.toString());
        var confirmed = amqp.publish("nowhere", "x", List.of("lost?"), false, true, true);
        assertTrue(confirmed.get(0).result().startsWith("returned as unroutable"), confirmed.toString());
    }

    @Test
    void messagesOfAConsumerThatDiesWithoutAckingAreRedeliveredNoneLostNoneDuplicated() {
        amqp.declareQueue("work", false, null, null, null, null);
        List<String> bodies = IntStream.range(0, 200).mapToObj(i -> "m" + i).toList();
        amqp.publish("", "work", bodies, false, true, false);
        var rows = amqp.consume("work", new ConsumeOptions(ConsumeOptions.AckMode.MANUAL, 10, 0, Duration.ofSeconds(2), 3, 7));
        Map<String, Integer> acked = new HashMap<>();
        rows.stream().filter(r -> r.ack().equals("acked")).forEach(r -> acked.merge(r.body(), 1, Integer::sum));
        assertEquals(200, acked.size(), "every message acked once");
        assertTrue(acked.values().stream().allMatch(n -> n == 1), "no message acked twice");
        assertEquals(7, rows.stream().filter(r -> r.consumer() == 1 && !r.ack().equals("acked")).count());
        assertTrue(rows.stream().anyMatch(r -> r.redelivered() && r.ack().equals("acked")), "redelivered ones");
        assertEquals(0, amqp.messagesReady("work"));
    }

    @Test
    void brokerErrorsAreOneLineAndTheNextOperationWorks() {
        LabException notFound = assertThrows(LabException.class, () -> amqp.purge("no-such-queue"));
        assertTrue(notFound.getMessage().contains("NOT_FOUND") && notFound.getMessage().contains("404"), notFound.getMessage());
        amqp.declareQueue("ttl-q", false, 60_000L, null, null, null);
        LabException redeclare = assertThrows(LabException.class, () -> amqp.declareQueue("ttl-q", false, 1_000L, null, null, null));
        assertTrue(redeclare.getMessage().contains("PRECONDITION_FAILED"), redeclare.getMessage());
        assertThrows(LabException.class, () -> amqp.deleteQueue("no-such-queue"));
        assertEquals(0, amqp.declareQueue("ttl-q", false, 60_000L, null, null, null));
        assertThrows(LabException.class, () -> amqp.declareExchange("x", "fancy", false));
        LabException refused = assertThrows(LabException.class,
            () -> RabbitLab.connect("amqp://guest:wrong@127.0.0.1:" + lab.port() + "/", null));
        assertTrue(refused.getMessage().contains("wrong user or password"), refused.getMessage());
    }

    @Test
    void ttlSendsExpiredMessagesToTheDeadLetterExchange() throws Exception {
        amqp.declareExchange("dlx", "fanout", false);
        amqp.declareQueue("dead", false, null, null, null, null);
        amqp.bind("dead", "dlx", "");
        amqp.declareQueue("short-lived", false, 200L, "dlx", null, null);
        amqp.publish("", "short-lived", List.of("late"), false, true, false);
        Thread.sleep(600);
        assertEquals(0, amqp.messagesReady("short-lived"));
        assertEquals("late", amqp.get("dead", true).orElseThrow().body());
    }

    @Test
    void aPortAnotherProgramBindsDuringTheStartIsLeftForTheNextFreeOneAndTheFailedTrysEpmdStops() throws Exception {
        RabbitInstall install = RabbitInstall.find(System.getenv("PATH")).orElseThrow();
        ChildServerStart start = new ChildServerStart(RabbitLab.KIND, RabbitLab.DEFAULT_PORT, "RabbitMQ",
            "RabbitMQ's directories", Duration.ofSeconds(30), RabbitLabException::new);
        Path runs = work.resolve("retry");
        List<RabbitServerProcess> nodes = new ArrayList<>();
        try (TakenOnFirstTry taken = new TakenOnFirstTry()) {
            ChildServer server = start.start(null, null, runs, "rabbitmq-server", launch -> {
                taken.take(launch);
                RabbitServerProcess.Ports ports = new RabbitServerProcess.Ports(launch.port().port(), freePort(),
                    freePort(), freePort());
                RabbitServerProcess node = RabbitServerProcess.launch(install, launch, ports, "guest", "guest",
                    Files.createDirectories(launch.runDir().resolve("mnesia")), launch.runDir().resolve("node.log"));
                nodes.add(node);
                node.awaitReady(launch, Duration.ofSeconds(120));
                return launch.own(p -> "stopped unexpectedly");
            });
            try {
                assertEquals(2, taken.tried.size(), "tried again once: " + taken.tried);
                assertFalse(taken.tried.get(0).equals(taken.tried.get(1)), "on another port: " + taken.tried);
                assertFalse(ProcNet.listenAddresses(taken.tried.get(1)).isEmpty(), "serves on " + taken.tried.get(1));
                assertFalse(alive(nodes.get(0).epmdPid()), "the failed try's epmd is stopped");
                assertTrue(alive(nodes.get(1).epmdPid()), "the node's epmd runs");
            } finally {
                server.stop();
                nodes.get(nodes.size() - 1).stopEpmd();
            }
        }
        try (var left = Files.list(runs)) {
            assertEquals(List.of(), left.toList(), "no run dir left, of either try");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
