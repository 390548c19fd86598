package io.brokerbook.cluster.mqtt;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MqttLab against a real broker of each kind: {@link MqttLabTest} (mosquitto), {@link HiveMqLabTest}. */
abstract class MqttBrokerContract {
    @TempDir
    Path work;

    abstract MqttServerKind kind();

    /** The start of {@link MqttLab#implementation()}: name and version. */
    abstract String implementationPrefix();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MqttServerOptions options() {
        return MqttServerOptions.defaults().withWorkDir(work).withPort(freePort()).withServer(kind());
    }

    @Test
    void startsOnLoopbackAndDeliversByWildcardsWithRetainedMessages() throws Exception {
        Path runDir;
        long pid;
        try (MqttLab lab = MqttLab.start(options())) {
            System.out.println(lab.serverName() + " ready in " + lab.startTime().toMillis() + " ms");
            int port = Integer.parseInt(lab.address().substring(lab.address().indexOf(':') + 1));
            List<String> listeners = ProcNet.listenAddresses(port);
            assertFalse(listeners.isEmpty());
            assertTrue(listeners.stream().allMatch(ProcNet::isLoopbackHex), listeners.toString());
            assertEquals(ComponentState.RUNNING, lab.status().state());
            assertTrue(lab.implementation().startsWith(implementationPrefix()), lab.implementation());
            assertEquals(kind(), lab.serverKind().orElseThrow());
            pid = lab.pid().orElseThrow();
            try (var dirs = Files.list(work)) {
                runDir = dirs.filter(p -> p.getFileName().toString().startsWith("mqtt-")).findFirst().orElseThrow();
            }
            lab.publish("sensors/kitchen/temp", 1, true, "21.5");

            ExecutorService pool = Executors.newSingleThreadExecutor();
            CountDownLatch subscribed = new CountDownLatch(1);
            Future<List<MqttReceived>> got = pool.submit(() -> lab.subscribe("sensors/+/temp", 1, 3,
                Duration.ofSeconds(10), null, true, subscribed::countDown, m -> { }));
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
            lab.publish("sensors/hall/temp", 0, false, "19");
            lab.publish("sensors/hall/humidity", 1, false, "40");
            lab.publish("sensors/hall/temp", 2, false, "19.5");
            List<MqttReceived> messages = got.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            // MQTT orders messages per topic only: the retained kitchen message may arrive before or after live hall ones
            Map<String, MqttReceived> byPayload = messages.stream()
                .collect(java.util.stream.Collectors.toMap(MqttReceived::payload, m -> m));
            assertEquals(java.util.Set.of("21.5", "19", "19.5"), byPayload.keySet());
            // and per QoS (MQTT 3.1.1, 4.6): "19" comes at QoS 0, "19.5" at QoS 1, and HiveMQ may deliver the
            // QoS 1 one first
            assertEquals(java.util.Set.of("19", "19.5"), messages.stream().filter(m -> m.topic().equals("sensors/hall/temp"))
                .map(MqttReceived::payload).collect(java.util.stream.Collectors.toSet()));
            assertTrue(byPayload.get("21.5").retained(), "the retained message is flagged retained");
            assertFalse(byPayload.get("19").retained());
            assertEquals(List.of(1, 0, 1), java.util.stream.Stream.of("21.5", "19", "19.5").map(p -> byPayload.get(p).qos()).toList(),
                "min(publish, subscribe) QoS");

            List<MqttReceived> all = lab.subscribe("#", 0, null, Duration.ofMillis(300), null, true, () -> { }, m -> { });
            assertEquals(List.of("sensors/kitchen/temp"), all.stream().map(MqttReceived::topic).toList());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(runDir), "temp dir removed by stop");
    }

    @Test
    void aPersistentSessionGetsEveryMessageOfA10000MessageQos1BurstSentWhileItWasAway() {
        try (MqttLab lab = MqttLab.start(options())) {
            lab.subscribe("burst", 1, null, Duration.ofMillis(1), "worker-1", false, () -> { }, m -> { });
            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                lab.publish("burst", 1, false, "m" + i);
            }
            System.out.printf("%s: 10 000 QoS 1 publishes, one at a time: %d ms%n", lab.serverName(),
                (System.nanoTime() - t0) / 1_000_000);
            List<MqttReceived> got = lab.subscribe("burst", 1, 10_000, Duration.ofSeconds(10), "worker-1", false,
                () -> { }, m -> { });
            assertEquals(10_000, got.size());
            assertEquals("m0", got.get(0).payload());
            assertEquals("m9999", got.get(9_999).payload());
        }
    }

    @Test
    void badInputIsOneLine() throws Exception {
        assertTrue(assertThrows(MqttLabException.class, () -> MqttTopic.requireQos(3)).getMessage().startsWith("Invalid QoS 3"));
        assertTrue(assertThrows(MqttLabException.class, () -> MqttTopic.requirePublishable("a/+")).getMessage().contains("wildcards"));
        assertTrue(assertThrows(MqttLabException.class, () -> MqttTopic.requireFilter("a/#/b")).getMessage().contains("last one"));
        assertTrue(assertThrows(MqttLabException.class, () -> MqttTopic.requireFilter("a/b+")).getMessage().contains("whole level"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LabException e = assertThrows(LabException.class, () -> MqttLab.start(options().withPort(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("is already in use"), e.getMessage());
        }
    }

    @Test
    void retainedMessagesSurviveARestartWithADataDir() {
        Path data = work.resolve("data");
        try (MqttLab lab = MqttLab.start(options().withDataDir(data))) {
            lab.publish("config/mode", 1, true, "eco");
        }
        try (MqttLab lab = MqttLab.start(options().withDataDir(data))) {
            List<MqttReceived> got = lab.subscribe("config/#", 1, 1, Duration.ofSeconds(5), null, true, () -> { }, m -> { });
            assertEquals("eco", got.get(0).payload());
            assertTrue(got.get(0).retained());
        }
    }

    @Test
    void killedFromOutsideIsACrashWithItsSignal() throws Exception {
        MqttLab lab = MqttLab.start(options());
        try {
            long pid = lab.pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lab.status().state() != ComponentState.CRASHED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String detail = lab.status().detail().orElseThrow();
            assertTrue(detail.contains("(pid " + pid + ") stopped unexpectedly (killed by signal 9)"), detail);
            assertThrows(MqttLabException.class, () -> lab.publish("a", 0, false, "b"));
        } finally {
            lab.stop();
        }
    }
}
