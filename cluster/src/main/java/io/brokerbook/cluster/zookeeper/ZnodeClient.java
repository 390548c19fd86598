package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.lab.LabException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.StatPrinter;
import org.apache.zookeeper.data.Stat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A ZooKeeper client session to read znodes, as {@code zookeeper-shell} does: {@code ls}, {@code get},
 * {@code stat} with the shell's own output, and a whole subtree for {@code %zookeeper tree}. Read-only.
 */
public final class ZnodeClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final int SESSION_TIMEOUT_MS = 30_000;

    private final ZooKeeperAddress address;
    private final ZooKeeper zk;

    private ZnodeClient(ZooKeeperAddress address, ZooKeeper zk) {
        this.address = address;
        this.zk = zk;
    }

    /** Opens a session; returns once it is connected, or fails in one line within 15 s. */
    public static ZnodeClient connect(ZooKeeperAddress address) {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = (WatchedEvent event) -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(address.toString(), SESSION_TIMEOUT_MS, watcher);
        } catch (IOException | IllegalArgumentException e) {
            throw new LabException("Cannot connect to ZooKeeper at " + address + ": " + LabException.oneLine(e), e);
        }
        try {
            if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(zk);
                throw new LabException("No ZooKeeper answered at " + address + " within " + CONNECT_TIMEOUT.toSeconds() + " s.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(zk);
            throw new LabException("Interrupted while connecting to ZooKeeper at " + address + ".", e);
        }
        return new ZnodeClient(address, zk);
    }

    public ZooKeeperAddress address() {
        return address;
    }

    /** {@code ls PATH}: the children, sorted, as {@code [a, b]}. */
    public String ls(String path) {
        List<String> children = new ArrayList<>(children(path));
        Collections.sort(children);
        return "[" + String.join(", ", children) + "]\n";
    }

    /** {@code get PATH}: the data as text ({@code null} for none). */
    public String get(String path) {
        byte[] data = call(path, () -> zk.getData(path, false, new Stat()));
        return (data == null ? "null" : new String(data, StandardCharsets.UTF_8)) + "\n";
    }

    /** {@code stat PATH}: cZxid, ctime, … numChildren as the shell prints them. */
    public String stat(String path) {
        Stat stat = call(path, () -> zk.exists(path, false));
        if (stat == null) {
            throw noNode(path);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new StatPrinter(out).print(stat);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The znode at {@code path} and everything under it, depth first, children sorted. */
    public List<Znode> tree(String path) {
        List<Znode> nodes = new ArrayList<>();
        collect(path, 0, nodes);
        return nodes;
    }

    private void collect(String path, int depth, List<Znode> into) {
        Stat stat = new Stat();
        byte[] data;
        List<String> children;
        try {
            data = zk.getData(path, false, stat);
            children = new ArrayList<>(zk.getChildren(path, false));
        } catch (KeeperException.NoNodeException e) {
            if (depth == 0) {
                throw noNode(path);
            }
            return; // removed while we walked
        } catch (KeeperException e) {
            throw failure(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while reading " + path + ".", e);
        }
        into.add(new Znode(path, depth, data == null ? "" : new String(data, StandardCharsets.UTF_8),
            stat.getEphemeralOwner(), stat.getNumChildren()));
        Collections.sort(children);
        for (String child : children) {
            collect(path.equals("/") ? "/" + child : path + "/" + child, depth + 1, into);
        }
    }

    /**
     * Waits until {@code path} does not exist (a watch, no polling): true at once if it does not, false if it is
     * still there after {@code timeout}. For an ephemeral znode of a killed client, until its session expires.
     */
    public boolean awaitGone(String path, Duration timeout) {
        validate(path);
        CountDownLatch deleted = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                deleted.countDown();
            }
        };
        try {
            if (zk.exists(path, watcher) == null) {
                return true;
            }
            return deleted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KeeperException e) {
            throw failure(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while waiting for " + path + " to go.", e);
        }
    }

    /** The children of {@code path}, unsorted; a one-line error if it does not exist. */
    public List<String> children(String path) {
        return call(path, () -> zk.getChildren(path, false));
    }

    private interface ZkCall<T> {
        T run() throws KeeperException, InterruptedException;
    }

    private <T> T call(String path, ZkCall<T> call) {
        validate(path);
        try {
            return call.run();
        } catch (KeeperException.NoNodeException e) {
            throw noNode(path);
        } catch (KeeperException e) {
            throw failure(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while reading " + path + ".", e);
        }
    }

    private static void validate(String path) {
        if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/")) || path.contains("//")) {
            throw new LabException("Path must start with / and not end with / (e.g. /brokers/ids), not '" + path + "'.");
        }
    }

    /** What zookeeper-shell says for a missing znode. */
    private static LabException noNode(String path) {
        return new LabException("Node does not exist: " + path);
    }

    private LabException failure(String path, KeeperException e) {
        return new LabException("ZooKeeper at " + address + " could not read " + path + ": " + e.code() + ".", e);
    }

    @Override
    public void close() {
        closeQuietly(zk);
    }

    private static void closeQuietly(ZooKeeper zk) {
        try {
            zk.close(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
