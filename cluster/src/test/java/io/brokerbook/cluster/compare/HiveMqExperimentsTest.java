package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.mqtt.MqttServerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT scenarios (c)–(g) of {@link ExperimentsTest} on the in-JVM broker (HiveMQ CE in a child JVM), the one
 * notebook 05 measures when mosquitto is not installed: the same outcomes as on mosquitto, except that HiveMQ keeps
 * QoS 0 messages for an offline persistent session, and that it does not deal a shared subscription's messages round
 * robin as mosquitto does.
 */
class HiveMqExperimentsTest {
    @TempDir
    Path work;

    private void check(int qos) {
        try (MessagingSystem system = LabSystems.mqtt(work, qos, MqttServerKind.HIVEMQ)) {
            OfflineCatchUp offline = Experiments.offline(system, 1000);
            RestartSurvival restart = Experiments.restart(system, 100);
            FanOut fanOut = Experiments.fanOut(system, 100);
            CompetingConsumers competing = Experiments.competing(system, 3, 99);
            Replay replay = Experiments.replay(system, 100);
            System.out.println(String.join("\n", "HiveMQ CE, MQTT QoS " + qos + ":", offline.toString(),
                restart.toString(), fanOut.toString(), competing.toString(), replay.toString()));
            if (qos == 0) {
                // unlike mosquitto (queue_qos0_messages false), HiveMQ may queue QoS 0 for an offline persistent
                // session, up to a per-client memory limit: 989 and 999 of 1 000 on a loaded machine, 0 on a quiet one.
                // The harness reports what the broker did; it never reports more than was published.
                assertTrue(offline.received() >= 0 && offline.received() <= offline.published(), offline.toString());
                assertEquals(0, restart.survived(), restart.toString());
            } else {
                assertTrue(offline.getsEverything(), offline.toString());
                assertEquals(100, restart.survived(), restart.toString());
            }
            assertTrue(fanOut.eachGetsEverything(), fanOut.toString());
            // HiveMQ hands a shared subscription's messages to whichever member is free; members that ack at once are
            // all free, and one may take the whole burst: 13 of 30 runs of 99 messages went all to one member here.
            // What it guarantees is that each message reaches one member only.
            assertTrue(competing.eachMessageToOneMember(), competing.toString());
            assertFalse(replay.replayed() > 0, replay.toString());
        }
    }

    @Test
    void qos0DropsWhatAnOfflineSessionMisses() {
        check(0);
    }

    @Test
    void qos1QueuesForAPersistentSessionAcrossARestartButDoesNotReplay() {
        check(1);
    }
}
