package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.zookeeper.Kafka3Runtime;
import io.brokerbook.cluster.zookeeper.ZnodeClient;
import io.brokerbook.cluster.zookeeper.ZooKeeperAddress;
import com.google.gson.JsonParser;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A Kafka cluster of the lab in ZooKeeper mode, as the class's Activity 1 runs it: Kafka 3.9 brokers (the last line
 * with ZooKeeper mode), each a child JVM this lab owns, registered in a ZooKeeper server ({@code zookeeper.connect}),
 * which holds the cluster's metadata and elects the controller among the brokers. The kernel's Kafka 4 clients and
 * inspections talk to them as to any cluster.
 */
public final class ZkKafkaCluster implements KafkaCluster {
    private static final Logger LOG = LoggerFactory.getLogger(ZkKafkaCluster.class);
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final int PORT_ATTEMPTS = 3;

    private final int number = NUMBER.incrementAndGet();
    private final ZkKafkaSpec spec;
    private final ZooKeeperAddress zookeeper;
    private final LabDirectories runFiles;
    private final LabDirectories data;
    private final Path log4jConfig;
    private final Path logFile;
    private final Map<Integer, Kafka3Broker> brokers;
    private final String bootstrapServers;
    private Admin admin;
    private final OffsetsAdmin offsetsAdmin = new OffsetsAdmin(this::newOffsetsAdmin);
    private volatile boolean closed;

    private ZkKafkaCluster(ZkKafkaSpec spec, ZooKeeperAddress zookeeper, LabDirectories runFiles, LabDirectories data,
                           Path log4jConfig, Path logFile, Map<Integer, Kafka3Broker> brokers) {
        this.spec = spec;
        this.zookeeper = zookeeper;
        this.runFiles = runFiles;
        this.data = data;
        this.log4jConfig = log4jConfig;
        this.logFile = logFile;
        this.brokers = brokers;
        this.bootstrapServers = brokers.values().stream().map(Kafka3Broker::hostPort).collect(Collectors.joining(","));
    }

    /**
     * Starts the brokers and returns once each serves and {@code __consumer_offsets} is ready. Fails in one line
     * when no ZooKeeper answers at the spec's address, or with Kafka's own error line when a broker exits.
     */
    public static ZkKafkaCluster start(ZkKafkaSpec spec) {
        ZooKeeperAddress zookeeper = ZooKeeperAddress.parse(spec.zookeeper());
        if (!zookeeper.answers()) {
            throw new KafkaLabException("No ZooKeeper answers at " + zookeeper + ": start it first with %zookeeper start"
                + " (Kafka in ZooKeeper mode registers its brokers there).");
        }
        Kafka3Runtime runtime = Kafka3Runtime.locate();
        int firstPort = spec.firstPort();
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(spec, zookeeper, runtime, firstPort);
            } catch (KafkaLabException e) {
                if (attempt == PORT_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("failed to bind")) {
                    throw e;
                }
                // Another program took a port between the free-port check and the broker's bind (other labs on this
                // machine stop and start brokers too): again, on ports further up.
                firstPort += 10;
                LOG.warn("A broker port was taken while the brokers started; starting again on ports from {}", firstPort, e);
            }
        }
    }

    private static ZkKafkaCluster startOnce(ZkKafkaSpec spec, ZooKeeperAddress zookeeper, Kafka3Runtime runtime, int firstPort) {
        // one temp run dir (the log, the brokers' run files, and the data unless a data dir was chosen), gone at stop
        LabDirectories data = spec.dataDirChosen().map(LabDirectories::persistent).orElseGet(LabDirectories::temporary);
        LabDirectories runFiles = data;
        Path logFile = KafkaLogRouting.routeTo(spec.logFile() != null ? spec.logFile() : data.defaultLogFile());
        ZkKafkaCluster cluster = null;
        try {
            Path runDir = Files.createDirectories(data.runDir().resolve("run"));
            Path log4j = Kafka3Runtime.writeLog4jConfig(runDir);
            PortFinder ports = new PortFinder();
            Map<Integer, Kafka3Broker> brokers = new LinkedHashMap<>();
            int nextPort = firstPort;
            for (int i = 0; i < spec.brokers(); i++) {
                int id = spec.firstBrokerId() + i;
                int port = ports.freeFrom(nextPort);
                nextPort = port + 1;
                brokers.put(id, new Kafka3Broker(id, port, data.nodeDir(NodeRole.BROKER.label(), id), runDir, runtime));
            }
            cluster = new ZkKafkaCluster(spec, zookeeper, runFiles, data, log4j, logFile, brokers);
            cluster.startBrokers();
            return cluster;
        } catch (IOException e) {
            KafkaLogRouting.release(logFile);
            runFiles.release();
            throw new KafkaLabException("Cannot prepare the brokers' directories: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.stop();
            } else {
                KafkaLogRouting.release(logFile);
                runFiles.release();
            }
            throw e instanceof LabException ? e
                : new KafkaLabException("The ZooKeeper-mode cluster did not start: " + LabException.oneLine(e), e);
        }
    }

    private void startBrokers() {
        LOG.info("Starting ZooKeeper-mode Kafka lab {} ({})", number, spec);
        awaitPreviousSessionsGone(brokers.values());
        for (Kafka3Broker broker : brokers.values()) {
            broker.launch(properties(broker), log4jConfig);
        }
        inParallel(brokers.values(), Kafka3Broker::awaitReady);
        createOffsetsTopic();
        LOG.info("ZooKeeper-mode Kafka lab {} serving at {}", number, bootstrapServers);
    }

    private java.util.Properties properties(Kafka3Broker broker) {
        return Kafka3Broker.serverProperties(broker.id(), broker.port(), data.nodeDir(NodeRole.BROKER.label(), broker.id()),
            zookeeper.toString(), spec.replicationFactor());
    }

    /** Looking up a group coordinator makes the brokers create __consumer_offsets; the first group then joins at once. */
    private void createOffsetsTopic() {
        try {
            admin().describeConsumerGroups(List.of("brokerbook-lab-warmup")).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while creating __consumer_offsets.", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                LOG.info("__consumer_offsets warm-up: {}", LabException.oneLine(e));
            }
        } catch (TimeoutException e) {
            throw new KafkaLabException("The brokers started but __consumer_offsets was not ready in 60 s.", e);
        }
    }

    private static void inParallel(Collection<Kafka3Broker> nodes, Consumer<Kafka3Broker> action) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Kafka3Broker node : nodes) {
            futures.add(CompletableFuture.runAsync(() -> action.accept(node)));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    // ---------------------------------------------------------------- reporting

    public ZkKafkaSpec spec() {
        return spec;
    }

    /** The ZooKeeper this cluster is registered in. */
    public ZooKeeperAddress zookeeper() {
        return zookeeper;
    }

    /** ZooKeeper's {@code srvr} and the controller broker read from {@code /controller}. */
    public ZooKeeperCoordinator coordinator() {
        ensureOpen();
        String stats = zookeeper.fourLetterWord("srvr");
        Optional<Integer> controller;
        try (ZnodeClient client = ZnodeClient.connect(zookeeper)) {
            controller = Optional.of(JsonParser.parseString(client.get("/controller")).getAsJsonObject().get("brokerid").getAsInt());
        } catch (LabException e) {
            if (!e.getMessage().startsWith("Node does not exist")) {
                throw e;
            }
            controller = Optional.empty();
        }
        return new ZooKeeperCoordinator(zookeeper, controller, stats);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public boolean ownsServer() {
        return true;
    }

    /**
     * False once stopped, and once every broker is gone with at least one crashed (nothing serves and nothing was
     * asked to stop): the lab then shows as crashed, and {@code %kafka start} starts a new one.
     */
    @Override
    public boolean isRunning() {
        return !closed && !allCrashed();
    }

    private boolean allCrashed() {
        return brokers.values().stream().noneMatch(Kafka3Broker::isRunning)
            && brokers.values().stream().anyMatch(b -> b.crash().isPresent());
    }

    /** The brokers that exited without being stopped, each with its last log lines. */
    public List<BrokerCrash> crashes(int lastLines) {
        if (closed) {
            return List.of();
        }
        return brokers.values().stream().flatMap(b -> b.crash().stream()
            .map(report -> new BrokerCrash(b.id(), report, b.logFile(), b.lastLogLines(lastLines)))).toList();
    }

    public Path dataDir() {
        return data.dataDir();
    }

    public boolean dataIsTemporary() {
        return data.isTemporary();
    }

    /** Each running broker's pid (its child JVM). */
    public Map<Integer, Long> brokerPids() {
        Map<Integer, Long> pids = new LinkedHashMap<>();
        brokers.forEach((id, b) -> b.pid().ifPresent(pid -> pids.put(id, pid)));
        return pids;
    }

    @Override
    public ComponentStatus status() {
        if (closed) {
            return ComponentStatus.stopped(KIND);
        }
        if (allCrashed()) {
            String crashes = brokers.values().stream().map(Kafka3Broker::crash).flatMap(Optional::stream)
                .collect(Collectors.joining("; "));
            return new ComponentStatus(KIND, ComponentState.CRASHED, Optional.of(bootstrapServers), Optional.of(dataDir()),
                implementation(), Optional.of(crashes + "."));
        }
        List<String> notes = new ArrayList<>();
        notes.add("ZooKeeper mode, zookeeper.connect=" + zookeeper);
        notes.add(dataIsTemporary() ? "temp data" : "data kept");
        List<String> down = brokers.values().stream().filter(b -> !b.isRunning() && b.crash().isEmpty())
            .map(b -> String.valueOf(b.id())).toList();
        if (!down.isEmpty()) {
            notes.add("stopped broker" + (down.size() == 1 ? " " : "s ") + String.join(", ", down));
        }
        for (Kafka3Broker broker : brokers.values()) {
            // one broker down, the lab serves on: crashed is that broker's state, and it can start again alone
            broker.crash().map(crash -> "crashed: " + crash + " (%kafka broker start " + broker.id() + " starts it again)")
                .ifPresent(notes::add);
        }
        return new ComponentStatus(KIND, ComponentState.RUNNING, Optional.of(bootstrapServers), Optional.of(dataDir()),
            implementation(), Optional.of(String.join("; ", notes)));
    }

    private String implementation() {
        return "Apache Kafka 3.9.1, one child JVM per broker (ZooKeeper mode: "
            + brokers.size() + " broker" + (brokers.size() == 1 ? "" : "s") + ")";
    }

    @Override
    public synchronized Admin admin() {
        ensureOpen();
        if (admin == null) {
            admin = AdminClients.create(bootstrapServers, "brokerbook-zk-lab-" + number + "-admin", Map.of());
        }
        return admin;
    }

    private Admin newOffsetsAdmin() {
        return AdminClients.create(bootstrapServers, "brokerbook-zk-lab-" + number + "-offsets", Map.of());
    }

    @Override
    public KafkaInspector inspect() {
        ensureOpen();
        return new KafkaInspector(admin(), this::nodes, offsetsAdmin::whileStopped);
    }

    @Override
    public List<NodeStatus> nodes() {
        return brokers.values().stream()
            .map(b -> new NodeStatus(b.id(), NodeRole.BROKER, b.hostPort(), !closed && b.isRunning())).toList();
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** None: in ZooKeeper mode the controller is one of the brokers, elected through ZooKeeper ({@code /controller}). */
    @Override
    public List<Integer> controllerIds() {
        return List.of();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(logFile);
    }

    /** Where broker {@code id} logs (Kafka's own server log). */
    public Path brokerLogFile(int id) {
        return broker(id).logFile();
    }

    // ---------------------------------------------------------------- broker operations

    @Override
    public synchronized void stopBroker(int brokerId, boolean abrupt) {
        Kafka3Broker broker = broker(brokerId);
        if (!broker.isRunning()) {
            throw new KafkaLabException("Broker " + brokerId + " is already stopped; start it with %kafka broker start " + brokerId + ".");
        }
        LOG.info("Stopping broker {} {}", brokerId, abrupt ? "abruptly" : "cleanly");
        broker.stop(abrupt);
    }

    @Override
    public synchronized void startBroker(int brokerId) {
        Kafka3Broker broker = broker(brokerId);
        if (broker.isRunning()) {
            throw new KafkaLabException("Broker " + brokerId + " is already running.");
        }
        if (!PortFinder.isFree(broker.port())) {
            throw new KafkaLabException("Broker " + brokerId + " cannot start again: port " + broker.port() + " is taken by another program.");
        }
        if (!zookeeper.answers()) {
            throw new KafkaLabException("Broker " + brokerId + " cannot start: no ZooKeeper answers at " + zookeeper
                + "; start it with %zookeeper start.");
        }
        awaitPreviousSessionsGone(List.of(broker));
        broker.launch(properties(broker), log4jConfig);
        broker.awaitReady();
    }

    /**
     * A broker that was killed (from outside, or {@code --abrupt}) left its ephemeral {@code /brokers/ids/ID} behind
     * until ZooKeeper expires its session ({@code zookeeper.session.timeout.ms}); a broker registering the same id
     * before that exits with "node already exists". So a broker starts once ZooKeeper has removed it.
     */
    private void awaitPreviousSessionsGone(Collection<Kafka3Broker> starting) {
        Duration wait = Duration.ofMillis(Kafka3Broker.SESSION_TIMEOUT_MS).plusSeconds(15);
        try (ZnodeClient client = ZnodeClient.connect(zookeeper)) {
            for (Kafka3Broker broker : starting) {
                String path = "/brokers/ids/" + broker.id();
                if (!client.awaitGone(path, wait)) {
                    throw new KafkaLabException("Broker " + broker.id() + " cannot start: ZooKeeper " + zookeeper + " still holds "
                        + path + " after " + wait.toSeconds() + " s (another broker " + broker.id() + " is registered there;"
                        + " a killed one's session ends within " + Kafka3Broker.SESSION_TIMEOUT_MS / 1000 + " s).");
                }
            }
        }
    }

    private Kafka3Broker broker(int brokerId) {
        ensureOpen();
        Kafka3Broker broker = brokers.get(brokerId);
        if (broker == null) {
            throw Kafka3Broker.noSuchBroker(brokerId, brokerIds());
        }
        return broker;
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaLabException("This Kafka lab is stopped; start a new one.");
        }
    }

    /**
     * Stops every broker (SIGTERM: each flushes its logs and closes its ZooKeeper session), then removes the temp
     * dirs; a chosen data dir is kept. Idempotent.
     */
    @Override
    public void stop() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
            offsetsAdmin.close();
            // Without its ZooKeeper a broker's controlled shutdown only waits and retries: nothing to hand over then.
            boolean abrupt = !zookeeper.answers();
            if (abrupt) {
                LOG.info("ZooKeeper at {} is gone; stopping the brokers abruptly", zookeeper);
            }
            inParallel(brokers.values().stream().filter(Kafka3Broker::isRunning).toList(), b -> b.stop(abrupt));
        } catch (RuntimeException e) {
            LOG.error("Error while stopping ZooKeeper-mode Kafka lab {}", number, e);
        } finally {
            KafkaLogRouting.release(logFile);
            runFiles.release();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper-mode Kafka lab: " + spec + ", bootstrap " + bootstrapServers + (closed ? " (stopped)" : "");
    }
}
