package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.zookeeper.ZnodeClient;
import io.brokerbook.cluster.zookeeper.ZooKeeperAddress;
import io.brokerbook.cluster.zookeeper.ZooKeeperLab;
import io.brokerbook.cluster.zookeeper.ZooKeeperOptions;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The kernel's ZooKeeper as the pack sees it: the lab slot of kind {@code zookeeper}, and reading znodes. */
final class ZooKeeperSession {
    static final String NOT_RUNNING = "No ZooKeeper server: run %zookeeper start first.";

    private final LabSlot<ZooKeeperLab> slot;
    private final Path workDir;

    ZooKeeperSession(LabSlot<ZooKeeperLab> slot, Path workDir) {
        this.slot = slot;
        this.workDir = workDir;
    }

    ZooKeeperLab lab() {
        return slot.require();
    }

    /** The lab's server if it runs (for completion: never an error). */
    Optional<ZooKeeperLab> running() {
        return slot.current().filter(ZooKeeperLab::isRunning);
    }

    LabSlot.Started<ZooKeeperLab> start(Integer port, Path dataDir) {
        return slot.start(() -> ZooKeeperLab.start(new ZooKeeperOptions(port, dataDir, workDir)));
    }

    /** Stops it; returns the line to print. */
    String stop() {
        boolean crashed = slot.status().state() == ComponentState.CRASHED;
        ZooKeeperLab old = slot.stop();
        if (crashed) {
            return old.crashReport().orElse("ZooKeeper stopped unexpectedly.") + " Its temp files are removed.";
        }
        return "ZooKeeper on " + old.address() + " stopped" + (old.dataIsTemporary() ? "; its temp data is removed."
            : "; data kept in " + ShownPath.of(old.dataDir()) + " (start it again with --data-dir " + ShownPath.of(old.dataDir()) + ").");
    }

    /**
     * Runs {@code action} with a client of the lab's ZooKeeper, or, when {@code server} names another address, with
     * a session to that server for this call only.
     */
    <T> T withClient(Optional<String> server, Function<ZnodeClient, T> action) {
        if (server.isEmpty()) {
            return slot.use(lab -> action.apply(lab.znodes()));
        }
        ZooKeeperAddress given = ZooKeeperAddress.parse(server.get());
        Optional<ZooKeeperLab> lab = slot.current().filter(ZooKeeperLab::isRunning)
            .filter(l -> sameServer(l.address(), given));
        if (lab.isPresent()) {
            return slot.use(l -> action.apply(l.znodes()));
        }
        try (ZnodeClient client = ZnodeClient.connect(given)) {
            return action.apply(client);
        }
    }

    /** localhost, 127.0.0.1 and ::1 are the same machine. */
    static boolean sameServer(ZooKeeperAddress a, ZooKeeperAddress b) {
        return a.port() == b.port() && loopback(a.host()) == loopback(b.host())
            && (loopback(a.host()) || a.host().equalsIgnoreCase(b.host()));
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals("[::1]");
    }
}
