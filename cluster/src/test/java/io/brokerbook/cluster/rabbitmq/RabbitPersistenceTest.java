package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A data dir keeps durable queues and persistent messages across stop/start; stop leaves no process behind. */
class RabbitPersistenceTest {
    @TempDir
    Path work;

    @Test
    void durableQueueWithPersistentMessagesSurvivesARestartTransientDoesNot() {
        RequiredTool.require(RabbitInstall.find(System.getenv("PATH")).isPresent(), "rabbitmq-server is not installed");
        Path data = work.resolve("data");
        RabbitServerOptions options = RabbitServerOptions.defaults().withWorkDir(work.resolve("run")).withDataDir(data);
        RabbitLab first = RabbitLab.start(options);
        long pid = first.pid().orElseThrow();
        long epmd = first.epmdPid().orElseThrow();
        Path runDir = first.runDir().orElseThrow();
        try {
            RabbitMessaging amqp = new RabbitMessaging(first);
            amqp.declareQueue("orders", true, null, null, null, null);
            amqp.declareQueue("scratch", false, null, null, null, null);
            amqp.publish("", "orders", List.of("a", "b"), true, true, false);
            amqp.publish("", "orders", List.of("transient"), false, true, false);
            amqp.publish("", "scratch", List.of("c"), true, true, false);
        } finally {
            first.stop();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "beam gone");
        assertFalse(ProcessHandle.of(epmd).map(ProcessHandle::isAlive).orElse(false), "epmd gone");
        assertFalse(Files.exists(runDir), "run dir removed");

        RabbitLab second = RabbitLab.start(options);
        try {
            RabbitMessaging amqp = new RabbitMessaging(second);
            assertEquals(2, amqp.messagesReady("orders"), "persistent messages of a durable queue survive");
            assertEquals("a", amqp.get("orders", true).orElseThrow().body());
            assertThrows(RabbitLabException.class, () -> amqp.messagesReady("scratch"), "a transient queue is gone");
            assertTrue(second.status().detail().orElseThrow().contains("kept across stop/start"));
        } finally {
            second.stop();
        }
    }
}
