package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.process.ExecutableOnPath;
import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcomes of scenarios (c)–(g) that do not depend on speed, asserted per system on real servers: what the
 * class's table says about storage, retention, fan-out, work splitting and replay. Of (a) throughput and (b) latency
 * only what does not depend on speed is asserted: every message arrives, and the figures are consistent.
 */
class ExperimentsTest {
    @TempDir
    Path work;

    @BeforeAll
    static void needsServers() {
        RequiredTool.require(ExecutableOnPath.find("nats-server", null).isPresent(), "nats-server is not installed");
        RequiredTool.require(ExecutableOnPath.find("mosquitto", null).isPresent(), "mosquitto is not installed");
    }

    /** Runs (c)–(g) on one system and prints its row. */
    private record Outcome(OfflineCatchUp offline, RestartSurvival restart, FanOut fanOut, CompetingConsumers competing,
                           Replay replay) {
    }

    private Outcome run(Function<Path, MessagingSystem> start) {
        try (MessagingSystem system = start.apply(work)) {
            Outcome o = new Outcome(Experiments.offline(system, 1000), Experiments.restart(system, 100),
                Experiments.fanOut(system, 100), Experiments.competing(system, 3, 99), Experiments.replay(system, 100));
            System.out.println(o);
            return o;
        }
    }

    /** (a) and (b), small: every message arrives (where the system guarantees it), figures consistent, no timing asserted. */
    private void assertSpeedScenarios(MessagingSystem system, boolean guaranteed) {
        Throughput t = Experiments.throughput(system, 5000, 100);
        Latency l = Experiments.latency(system, 1000, 300, 100);
        System.out.println(t + "\n" + l);
        assertEquals(5000, t.published());
        assertEquals(300, l.published());
        if (guaranteed) {
            assertTrue(t.receivedEverything(), t.toString());
            assertTrue(l.receivedEverything(), l.toString());
        } else {
            assertTrue(t.received() > 0 && t.received() <= t.published(), t.toString());
            assertTrue(l.received() > 0 && l.received() <= l.published(), l.toString());
        }
        assertTrue(t.seconds() > 0 && t.messagesPerSecond() > 0, t.toString());
        assertEquals(t.messagesPerSecond() * 100 / 1e6, t.megabytesPerSecond(), 1e-9);
        assertTrue(l.p50Micros() > 0 && l.p50Micros() <= l.p99Micros(), l.toString());
    }

    @Test
    void rabbitThroughputAndLatencyDeliverEveryMessage() {
        RequiredTool.require(ExecutableOnPath.find("rabbitmq-server", null).isPresent(), "rabbitmq-server is not installed");
        try (MessagingSystem system = LabSystems.rabbitmq(work)) {
            assertSpeedScenarios(system, true);
        }
    }

    @Test
    void speedScenariosDeliverEveryMessageOnTheOtherSystems() {
        List<Function<Path, MessagingSystem>> systems = List.of(LabSystems::redisPubSub, LabSystems::redisStreams,
            LabSystems::kafka, LabSystems::natsCore, LabSystems::jetStream, w -> LabSystems.mqtt(w, 1));
        int index = 0;
        for (Function<Path, MessagingSystem> start : systems) {
            try (MessagingSystem system = start.apply(work.resolve("speed-" + ++index))) {
                assertSpeedScenarios(system, true);
            }
        }
        // QoS 0 may drop under a burst (at most once): only the figures' consistency is asserted
        try (MessagingSystem system = LabSystems.mqtt(work.resolve("speed-qos0"), 0)) {
            assertSpeedScenarios(system, false);
        }
    }

    @Test
    void latencyStampReadsBack() {
        String payload = Stamp.payload(123456789L, 100);
        assertEquals(100, payload.length());
        assertEquals(123456789L, Stamp.sentAt(payload));
        assertEquals(123456789L, Stamp.sentAt(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String negative = Stamp.payload(-42L, 100); // System.nanoTime() may be negative
        assertEquals(-42L, Stamp.sentAt(negative.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThrows(NumberFormatException.class, () -> Stamp.sentAt("m1:".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void redisPubSubKeepsNothingAndHasNoGroups() {
        Outcome o = run(LabSystems::redisPubSub);
        assertEquals(0, o.offline().received());
        assertEquals(0, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertEquals(List.of(99, 99, 99), o.competing().perConsumer(), "no groups: every subscriber gets everything");
        assertEquals(0, o.replay().replayed());
    }

    @Test
    void redisStreamsStoreReplayAndSplitInAGroup() {
        Outcome o = run(LabSystems::redisStreams);
        assertTrue(o.offline().getsEverything(), o.offline().toString());
        assertEquals(100, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(100, o.replay().replayed());
    }

    @Test
    void rabbitDurableQueuesKeepPersistentMessagesSplitByPrefetchAndForgetWhatIsAcked() {
        RequiredTool.require(ExecutableOnPath.find("rabbitmq-server", null).isPresent(), "rabbitmq-server is not installed");
        Outcome o = run(LabSystems::rabbitmq);
        assertTrue(o.offline().getsEverything(), o.offline().toString());
        assertEquals(100, o.restart().survived(), "persistent messages of a durable queue survive a restart");
        assertTrue(o.fanOut().eachGetsEverything(), "a fanout exchange copies every message to each bound queue");
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(0, o.replay().replayed(), "a queue holds a message until it is acknowledged, then it is gone");
    }

    @Test
    void kafkaKeepsTheLogForEveryGroupAndSplitsPartitionsInAGroup() {
        Outcome o = run(LabSystems::kafka);
        assertTrue(o.offline().getsEverything(), o.offline().toString());
        assertEquals(100, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(100, o.replay().replayed());
    }

    @Test
    void natsCoreIsFireAndForgetWithQueueGroups() {
        Outcome o = run(LabSystems::natsCore);
        assertEquals(0, o.offline().received());
        assertEquals(0, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(0, o.replay().replayed());
    }

    @Test
    void jetStreamStoresReplaysAndSplitsThroughADurableConsumer() {
        Outcome o = run(LabSystems::jetStream);
        assertTrue(o.offline().getsEverything(), o.offline().toString());
        assertEquals(100, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(100, o.replay().replayed());
    }

    @Test
    void mqttQos0DropsWhatAnOfflineSessionMisses() {
        Outcome o = run(w -> LabSystems.mqtt(w, 0));
        assertEquals(0, o.offline().received());
        assertEquals(0, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertEquals(0, o.replay().replayed());
    }

    @Test
    void mqttQos1QueuesForAPersistentSessionAcrossARestartButDoesNotReplay() {
        Outcome o = run(w -> LabSystems.mqtt(w, 1));
        assertTrue(o.offline().getsEverything(), o.offline().toString());
        assertEquals(100, o.restart().survived());
        assertTrue(o.fanOut().eachGetsEverything());
        assertTrue(o.competing().splitsTheWork(), o.competing().toString());
        assertFalse(o.replay().replayed() > 0);
    }
}
