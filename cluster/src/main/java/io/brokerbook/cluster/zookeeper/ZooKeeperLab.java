package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabComponent;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LocalPort;
import io.brokerbook.cluster.process.DataDirLock;
import io.brokerbook.cluster.process.DirectoryTree;
import io.brokerbook.cluster.process.SupervisedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lab component of kind {@code zookeeper}: a real standalone ZooKeeper 3.8 server ({@code ZooKeeperServerMain},
 * as {@code zookeeper-server-start.sh} runs it) in a child JVM this lab owns, on 127.0.0.1 — the coordinator of a
 * Kafka 3.9 cluster in ZooKeeper mode. It keeps its snapshots and transaction log in a data dir (kept across
 * stop/start) or in a temp dir removed by stop. Its own client session reads the znodes ({@link #znodes()}).
 */
public final class ZooKeeperLab implements LabComponent {
    public static final String KIND = "zookeeper";
    public static final int DEFAULT_PORT = 2181;
    public static final String VERSION = "3.8.4";
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLab.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=24m", "-Xss512k");

    private final ZooKeeperAddress address;
    private final SupervisedProcess server;
    private final Path runDir;
    private final DataDirLock dataLock;
    private final Optional<String> portNote;
    private final ZnodeClient znodes;
    private volatile boolean stopped;

    private ZooKeeperLab(ZooKeeperAddress address, SupervisedProcess server, Path runDir, DataDirLock dataLock,
                         Optional<String> portNote, ZnodeClient znodes) {
        this.address = address;
        this.server = server;
        this.runDir = runDir;
        this.dataLock = dataLock;
        this.portNote = portNote;
        this.znodes = znodes;
    }

    /**
     * Starts the server and returns once a client session is connected. A data dir that is not writable or that
     * another server uses is refused before anything starts; without a port, 2181 if free, else the next free one.
     */
    public static ZooKeeperLab start(ZooKeeperOptions options) {
        Kafka3Runtime runtime = Kafka3Runtime.locate();
        DataDirLock dataLock = options.dataDir() == null ? null : DataDirLock.claim(options.dataDir(), KIND, "--data-dir");
        Path runDir = null;
        SupervisedProcess server = null;
        try {
            LocalPort port = LocalPort.choose(options.port(), DEFAULT_PORT);
            runDir = createRunDir(options.workDir(), port.port());
            Path data = dataLock != null ? dataLock.dir() : Files.createDirectories(runDir.resolve("data"));
            Path config = writeConfig(runDir, data, port.port());
            Path log4j = Kafka3Runtime.writeLog4jConfig(runDir);
            server = SupervisedProcess.builder(runtime.command(JVM_OPTIONS, log4j, MAIN, List.of(config.toString()), "zookeeper"))
                .workDir(runDir)
                .logFile(runDir.resolve("zookeeper.log"))
                .readyWhen(line -> line.contains("PrepRequestProcessor") && line.contains("started"))
                .removeIfOrphaned(runDir)
                .start();
            awaitReady(server);
            ZooKeeperAddress address = new ZooKeeperAddress("127.0.0.1", port.port());
            ZnodeClient znodes = ZnodeClient.connect(address);
            LOG.info("ZooKeeper pid {} serves on {} with data in {}", server.pid(), address, data);
            ZooKeeperLab lab = new ZooKeeperLab(address, server, runDir, dataLock, port.note(), znodes);
            server.onExit().thenRun(() -> lab.crashReport().ifPresent(LOG::warn));
            return lab;
        } catch (IOException e) {
            cleanUp(server, runDir, dataLock);
            throw new LabException("Cannot prepare ZooKeeper's directories: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(server, runDir, dataLock);
            throw e;
        }
    }

    private static void awaitReady(SupervisedProcess server) {
        try {
            server.ready().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            server.waitForExit(Duration.ofSeconds(5));
            throw new LabException("ZooKeeper exited during start-up (" + server.exitDescription() + "): "
                + failureReason(server.recentLines()));
        } catch (TimeoutException e) {
            throw new LabException("ZooKeeper did not get ready within " + START_TIMEOUT.toSeconds() + " s; see " + server.logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while starting ZooKeeper.");
        }
    }

    /** "[2026-11-30 02:39:29,387] INFO Creating new log file: log.1 (org.apache…FileTxnLog)" → "Creating new log file: log.1". */
    static String withoutLog4jDecoration(String line) {
        return line.replaceFirst("^\\[[^]]*] [A-Z]+ ", "").replaceFirst(" \\([\\w.$]+\\)$", "");
    }

    /** ZooKeeper's own most telling line: an ERROR, else the last line. */
    static String failureReason(List<String> lines) {
        for (String line : lines) {
            if (line.contains(" ERROR ")) {
                return withoutLog4jDecoration(line);
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    private static Path createRunDir(Path workDir, int port) throws IOException {
        Path parent = workDir != null ? Files.createDirectories(workDir) : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(parent, "brokerbook-zookeeper-" + port + "-");
    }

    private static Path writeConfig(Path runDir, Path data, int port) throws IOException {
        Path config = runDir.resolve("zoo.cfg");
        Files.writeString(config, String.join("\n",
            "tickTime=2000",
            "dataDir=" + data,
            "clientPort=" + port,
            "clientPortAddress=127.0.0.1",
            "maxClientCnxns=0",
            "admin.enableServer=false",
            "4lw.commands.whitelist=ruok,srvr,stat,mntr,cons,envi,conf",
            "") );
        return config;
    }

    private static void cleanUp(SupervisedProcess server, Path runDir, DataDirLock dataLock) {
        if (server != null) {
            server.destroy(STOP_GRACE);
        }
        if (runDir != null) {
            DirectoryTree.delete(runDir);
        }
        if (dataLock != null) {
            dataLock.close();
        }
    }

    // ---- state ---------------------------------------------------------------------------------

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean ownsServer() {
        return true;
    }

    @Override
    public boolean isRunning() {
        return !stopped && server.isAlive();
    }

    /** Present once the server died without {@link #stop()}: how it ended and its last lines. */
    public Optional<String> crashReport() {
        if (stopped || server.isAlive() || server.stopRequested()) {
            return Optional.empty();
        }
        List<String> last = server.lastLines(3);
        return Optional.of("ZooKeeper on " + address + " (pid " + server.pid() + ") stopped unexpectedly ("
            + server.exitDescription() + ")" + (last.isEmpty() ? "" : "; last log line: " + withoutLog4jDecoration(last.get(last.size() - 1))) + ".");
    }

    @Override
    public ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        Optional<String> crash = crashReport();
        String detail = crash.orElseGet(() -> (dataLock == null ? "temp data, removed by stop" : "data kept across stop/start")
            + portNote.map(n -> "; " + n).orElse(""));
        return new ComponentStatus(KIND, crash.isPresent() ? ComponentState.CRASHED : ComponentState.RUNNING,
            Optional.of(address.toString()), Optional.of(dataDir()),
            "Apache ZooKeeper " + VERSION + " standalone (child JVM, pid " + server.pid() + ")", Optional.of(detail));
    }

    public ZooKeeperAddress address() {
        return address;
    }

    public int port() {
        return address.port();
    }

    public long pid() {
        return server.pid();
    }

    public Path dataDir() {
        return dataLock != null ? dataLock.dir() : runDir.resolve("data");
    }

    public boolean dataIsTemporary() {
        return dataLock == null;
    }

    /** Why the server is not on 2181, if it is not. */
    public Optional<String> portNote() {
        return portNote;
    }

    public Path logFile() {
        return server.logFile();
    }

    /** The lab's client session, to read znodes. */
    public ZnodeClient znodes() {
        if (!isRunning()) {
            throw new LabException(crashReport().orElse("ZooKeeper is stopped; start it with %zookeeper start."));
        }
        return znodes;
    }

    /** The server's {@code srvr} answer: version, latency, connections, zxid, mode, node count. */
    public String serverStats() {
        return address.fourLetterWord("srvr");
    }

    /** Stops the server (SIGTERM), closes the session, removes the temp dir; a data dir is kept. Idempotent. */
    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        znodes.close();
        server.destroy(STOP_GRACE);
        DirectoryTree.delete(runDir);
        if (dataLock != null) {
            dataLock.close();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper at " + address + (stopped ? " (stopped)" : "");
    }
}
