package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitMessaging;
import io.brokerbook.cluster.rabbitmq.RabbitServerKind;
import io.brokerbook.cluster.rabbitmq.RabbitServerOptions;
import io.brokerbook.magics.lab.ServerPackLines;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** The kernel's RabbitMQ as the pack sees it: the lab slot plus AMQP operations on the current server. */
final class RabbitSession {
    static final String NOT_RUNNING =
        "No RabbitMQ server: run %rabbitmq start (or %rabbitmq connect amqp://user:pass@host:5672/) first.";

    private final LabSlot<RabbitLab> slot;
    private final Path workDir;
    private final String searchPath;

    RabbitSession(LabSlot<RabbitLab> slot, Path workDir, String searchPath) {
        this.slot = slot;
        this.workDir = workDir;
        this.searchPath = searchPath;
    }

    RabbitLab lab() {
        return slot.require();
    }

    /** Runs {@code action} on the usable server; a crash during it is reported once. */
    <T> T use(Function<RabbitLab, T> action) {
        return slot.use(action);
    }

    /** Runs {@code action} with the AMQP operations of the usable server. */
    <T> T amqp(Function<RabbitMessaging, T> action) {
        return slot.use(lab -> action.apply(new RabbitMessaging(lab)));
    }

    Optional<RabbitLab> current() {
        return slot.current();
    }

    LabSlot.Started<RabbitLab> start(Integer port, String user, String password, Path dataDir, boolean management,
                                     RabbitServerKind kind) {
        RabbitServerOptions options = RabbitServerOptions.defaults()
            .withPort(port)
            .withCredentials(user, password)
            .withDataDir(dataDir)
            .withManagement(management)
            .withWorkDir(workDir)
            .withLogFile(workDir == null ? null : workDir.resolve("rabbitmq-server.log"))
            .withSearchPath(searchPath)
            .withServer(kind);
        return slot.start(() -> RabbitLab.start(options));
    }

    RabbitLab connect(String url, String managementUrl) {
        return slot.connect(() -> RabbitLab.connect(url, managementUrl));
    }

    /** Stops (or disconnects); returns the one line to print. */
    String stop() {
        return ServerPackLines.stop(slot, "RabbitMQ", old -> (old.isQpid() ? "Qpid Broker-J" : "RabbitMQ") + " on "
            + old.host() + ":" + old.port() + " stopped"
            + old.dataDir().map(d -> "; durable queues and persistent messages kept in " + ShownPath.of(d) + ".")
                .orElse("; nothing was kept, temp files removed."), "server");
    }
}
