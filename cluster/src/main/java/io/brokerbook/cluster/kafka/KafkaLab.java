package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The in-JVM Kafka lab: real Kafka brokers and KRaft controllers started inside this JVM
 * ({@link #start(KafkaLabSpec)}), all on 127.0.0.1, with data in a temp dir (removed at stop) or a chosen one (kept).
 * Brokers can be stopped (cleanly or abruptly) and started again.
 */
public final class KafkaLab implements KafkaCluster {
    private static final Logger LOG = LoggerFactory.getLogger("kafka.brokerbook.lab");
    private static final AtomicInteger LAB_NUMBER = new AtomicInteger();

    private final int number = LAB_NUMBER.incrementAndGet();
    private final KafkaLabSpec spec;
    private final LabDirectories directories;
    private final Path logFile;
    private final Map<Integer, KafkaNode> controllers;
    private final Map<Integer, KafkaNode> brokers;
    private final String bootstrapServers;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Consumer<String> failureListener = failures::add;
    private final Thread shutdownHook;
    private volatile Admin admin;
    private final OffsetsAdmin offsetsAdmin = new OffsetsAdmin(this::newOffsetsAdmin);
    private volatile boolean closed;

    private KafkaLab(KafkaLabSpec spec, LabDirectories directories, Path logFile, Map<Integer, KafkaNode> controllers,
                     Map<Integer, KafkaNode> brokers, String bootstrapServers) {
        this.spec = spec;
        this.directories = directories;
        this.logFile = logFile;
        this.controllers = controllers;
        this.brokers = brokers;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::stop, "brokerbook-kafka-lab-" + number + "-shutdown");
    }

    /**
     * Starts the controller(s), then the brokers, and returns once every broker is serving and
     * {@code __consumer_offsets} exists. Fails with a one-line {@link KafkaLabException}.
     */
    public static KafkaLab start(KafkaLabSpec spec) {
        try {
            return startOnce(spec);
        } catch (KafkaLabException e) {
            if (spec.ephemeralPorts() || !lostAPortRace(e)) {
                throw e;
            }
            // Another process took a port between the free-port check and Kafka's bind: once more, further up.
            LOG.warn("A broker port was taken while the lab started; starting again on ports after {}", spec.firstPort(), e);
            return startOnce(spec.firstPort(spec.firstPort() + spec.brokers()));
        }
    }

    private static boolean lostAPortRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    private static KafkaLab startOnce(KafkaLabSpec spec) {
        validate(spec);
        LabDirectories directories = spec.dataDir().map(LabDirectories::persistent).orElseGet(LabDirectories::temporary);
        Path logFile = spec.logFile().orElseGet(directories::defaultLogFile);
        KafkaLab lab = null;
        try {
            logFile = KafkaLogRouting.routeTo(logFile);
            PortFinder ports = new PortFinder();
            Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
            for (int id = 1; id <= spec.controllers(); id++) {
                controllerPorts.put(id, ports.ephemeral());
            }
            NodeConfigs configs = new NodeConfigs(spec, controllerPorts);
            Map<Integer, KafkaNode> controllers = new LinkedHashMap<>();
            controllerPorts.forEach((id, port) -> {
                Path dir = directories.nodeDir(NodeRole.CONTROLLER.label(), id);
                controllers.put(id, new KafkaNode(NodeRole.CONTROLLER, id, port, dir, configs.controller(id, port, dir)));
            });
            Map<Integer, KafkaNode> brokers = new LinkedHashMap<>();
            int nextPort = spec.firstPort();
            for (int i = 0; i < spec.brokers(); i++) {
                int id = spec.firstBrokerId() + i;
                int port = spec.ephemeralPorts() ? ports.ephemeral() : ports.freeFrom(nextPort);
                nextPort = port + 1;
                Path dir = directories.nodeDir(NodeRole.BROKER.label(), id);
                brokers.put(id, new KafkaNode(NodeRole.BROKER, id, port, dir, configs.broker(id, port, dir)));
            }
            String bootstrap = brokers.values().stream().map(KafkaNode::hostPort).collect(Collectors.joining(","));
            lab = new KafkaLab(spec, directories, logFile, controllers, brokers, bootstrap);
            lab.startNodes();
            return lab;
        } catch (RuntimeException e) {
            if (lab != null) {
                lab.close();
            } else {
                KafkaLogRouting.release(logFile);
                directories.release();
            }
            throw e instanceof KafkaLabException ? e
                    : new KafkaLabException("The Kafka lab did not start: " + LabException.oneLine(e) + " (log: " + logFile + ")", e);
        }
    }

    private static void validate(KafkaLabSpec spec) {
        if (spec.replicationFactor() > spec.brokers()) {
            throw new KafkaLabException("Replication factor " + spec.replicationFactor() + " needs at least "
                    + spec.replicationFactor() + " brokers; the lab has " + spec.brokers() + ".");
        }
        if (spec.minInsyncReplicas() > spec.replicationFactor()) {
            throw new KafkaLabException("min.insync.replicas " + spec.minInsyncReplicas()
                    + " cannot exceed the replication factor " + spec.replicationFactor() + ".");
        }
    }

    private void startNodes() {
        KafkaExitGuard.register(failureListener);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String clusterId = clusterId();
        for (KafkaNode node : allNodes()) {
            if (!node.isFormatted()) {
                node.format(clusterId, spec.scram());
            }
        }
        LOG.info("Starting Kafka lab {} ({}) in {}", number, spec, directories.dataDir());
        // Controllers first: starting brokers at the same time starves the controller and slows everything.
        inParallel(controllers.values(), KafkaNode::start);
        inParallel(brokers.values(), KafkaNode::start);
        createOffsetsTopic();
        LOG.info("Kafka lab {} serving at {}", number, bootstrapServers);
    }

    private String clusterId() {
        List<String> stored = allNodes().stream().map(KafkaNode::storedClusterId)
                .flatMap(Optional::stream).distinct().toList();
        if (stored.size() > 1) {
            throw new KafkaLabException("The data dir " + directories.dataDir() + " holds nodes of different clusters "
                    + stored + "; use another data dir.");
        }
        return stored.isEmpty() ? Uuid.randomUuid().toString() : stored.get(0);
    }

    /** Without it the first group join takes seconds, and hangs if a broker was stopped before it. */
    private void createOffsetsTopic() {
        try {
            // Looking up a group coordinator makes the brokers create __consumer_offsets and waits until it serves.
            admin().describeConsumerGroups(List.of("brokerbook-lab-warmup")).all()
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while creating __consumer_offsets.", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) { // = the coordinator answered: topic ready
                throw new KafkaLabException("The lab started but __consumer_offsets was not created: " + LabException.oneLine(e), e);
            }
        } catch (TimeoutException e) {
            throw new KafkaLabException("The lab started but __consumer_offsets was not ready in 60 s: " + LabException.oneLine(e), e);
        }
    }

    private static void inParallel(Collection<KafkaNode> nodes, Consumer<KafkaNode> action) {
        if (nodes.size() == 1) {
            action.accept(nodes.iterator().next());
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(nodes.size(),
                r -> new Thread(r, "brokerbook-kafka-lab-node-" + threadNumber.incrementAndGet()));
        try {
            List<CompletableFuture<Void>> futures = nodes.stream()
                    .map(node -> CompletableFuture.runAsync(() -> action.accept(node), executor)).toList();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            executor.shutdown();
        }
    }

    // ---------------------------------------------------------------- reporting

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SCRAM login of a secured lab; empty for a plaintext one. */
    @Override
    public Map<String, String> clientProperties() {
        return spec.scram().map(ScramCredentials::clientProperties).orElse(Map.of());
    }

    @Override
    public boolean ownsServer() {
        return true;
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(logFile);
    }

    /** The data dir: a temp dir unless one was chosen. */
    public Path dataDir() {
        return directories.dataDir();
    }

    /** Whether the data dir is removed at stop. */
    public boolean dataIsTemporary() {
        return directories.isTemporary();
    }

    /** The spec this lab was started with. */
    public KafkaLabSpec spec() {
        return spec;
    }

    @Override
    public boolean isRunning() {
        return !closed;
    }

    /**
     * Running (or stopped), at the bootstrap servers, its data dir, "Apache Kafka 4.1.1 in this JVM (KRaft: 3 brokers
     * + 1 controller)", and a note on temp data, stopped brokers and node failures Kafka reported.
     */
    @Override
    public ComponentStatus status() {
        if (closed) {
            return ComponentStatus.stopped(KIND);
        }
        List<String> notes = new ArrayList<>();
        notes.add(dataIsTemporary() ? "temp data" : "data kept");
        List<Integer> down = brokers.values().stream().filter(n -> !n.isRunning()).map(KafkaNode::id).toList();
        if (!down.isEmpty()) {
            notes.add("stopped broker" + (down.size() == 1 ? " " : "s ") + down.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        if (!failures.isEmpty()) {
            notes.add(failures.size() + " node failure" + (failures.size() == 1 ? "" : "s") + " reported: " + failures.get(0));
        }
        String implementation = "Apache Kafka " + AppInfoParser.getVersion() + " in this JVM (KRaft: "
                + count(brokers.size(), "broker") + " + " + count(controllers.size(), "controller") + ")";
        return new ComponentStatus(KIND, ComponentState.RUNNING, Optional.of(bootstrapServers), Optional.of(dataDir()),
                implementation, Optional.of(String.join("; ", notes)));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    @Override
    public List<NodeStatus> nodes() {
        List<NodeStatus> nodes = new ArrayList<>();
        for (KafkaNode node : allNodes()) {
            nodes.add(new NodeStatus(node.id(), node.role(), node.hostPort(), !closed && node.isRunning()));
        }
        return nodes;
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    @Override
    public List<Integer> controllerIds() {
        return List.copyOf(controllers.keySet());
    }

    /** Fatal node errors Kafka reported (it asked to exit/halt the JVM; the lab refused and recorded it). */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    @Override
    public synchronized Admin admin() {
        ensureOpen();
        if (admin == null) {
            admin = AdminClients.create(bootstrapServers, "brokerbook-lab-" + number + "-admin", clientProperties());
        }
        return admin;
    }

    private Admin newOffsetsAdmin() {
        return AdminClients.create(bootstrapServers, "brokerbook-lab-" + number + "-offsets", clientProperties());
    }

    @Override
    public KafkaInspector inspect() {
        ensureOpen();
        return new KafkaInspector(admin(), this::nodes, offsetsAdmin::whileStopped);
    }

    /**
     * Also waits until every running broker's own metadata shows the topic: right after a creation one broker may
     * still lag behind the others, and a client asking it would be told the topic does not exist.
     */
    @Override
    public void awaitTopicReady(String topic, int partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaCluster.super.awaitTopicReady(topic, partitions, timeout);
        for (KafkaNode node : brokers.values()) {
            while (node.isRunning() && !node.knowsTopic(topic, partitions)) {
                if (System.nanoTime() >= deadline) {
                    throw new KafkaLabException("Topic '" + topic + "' is not ready after " + timeout.toSeconds()
                            + " s: broker " + node.id() + " does not know it yet. Is it overloaded?");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaLabException("Interrupted while waiting for topic '" + topic + "'.", e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- broker operations

    @Override
    public synchronized void stopBroker(int brokerId, boolean abrupt) {
        KafkaNode node = broker(brokerId, abrupt ? "stop (abruptly)" : "stop");
        if (!node.isRunning()) {
            throw new KafkaLabException("Broker " + brokerId + " is already stopped; start it with startBroker(" + brokerId + ").");
        }
        LOG.info("Stopping broker {} {}", brokerId, abrupt ? "abruptly" : "cleanly");
        node.stop(abrupt);
    }

    /** Starts a stopped broker again with the same id, port and data; returns once it is serving. */
    @Override
    public synchronized void startBroker(int brokerId) {
        KafkaNode node = broker(brokerId, "start");
        if (node.isRunning()) {
            throw new KafkaLabException("Broker " + brokerId + " is already running.");
        }
        if (!PortFinder.isFree(node.port())) {
            throw new KafkaLabException("Broker " + brokerId + " cannot start again: port " + node.port() + " is taken by another program.");
        }
        LOG.info("Starting broker {} again", brokerId);
        node.start();
    }

    private KafkaNode broker(int brokerId, String operation) {
        ensureOpen();
        KafkaNode node = brokers.get(brokerId);
        if (node == null) {
            throw new KafkaLabException("There is no broker " + brokerId + "; the brokers are "
                    + brokers.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".");
        }
        return node;
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaLabException("This Kafka lab is stopped; start a new one.");
        }
    }

    private List<KafkaNode> allNodes() {
        List<KafkaNode> nodes = new ArrayList<>(controllers.values());
        nodes.addAll(brokers.values());
        return nodes;
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops every node (brokers, then controllers), closes the admin client and removes a temp data dir.
     * Idempotent; also run by a JVM shutdown hook. {@link #close()} does the same.
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
            // The whole cluster goes down: no leadership to hand over, so brokers stop without the handshake.
            // Their logs are still flushed and closed cleanly.
            inParallel(brokers.values().stream().filter(KafkaNode::isRunning).toList(), node -> node.stop(true));
            inParallel(controllers.values().stream().filter(KafkaNode::isRunning).toList(), node -> node.stop(true));
        } catch (RuntimeException e) {
            LOG.error("Error while stopping Kafka lab {}", number, e);
        } finally {
            KafkaLogRouting.release(logFile);
            directories.release();
            KafkaExitGuard.unregister(failureListener);
            if (!Thread.currentThread().equals(shutdownHook)) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook runs or ran anyway
                } catch (IllegalArgumentException neverRegistered) {
                    // the start failed before registering
                }
            }
            LOG.info("Kafka lab {} stopped", number);
        }
    }

    /** One line for the notebook, e.g. {@code Kafka lab: 3 brokers at 127.0.0.1:9092,... + 1 controller, temp data}. */
    @Override
    public String toString() {
        return "Kafka lab: " + spec + ", bootstrap " + bootstrapServers + (closed ? " (stopped)" : "")
                + ", log " + logFile;
    }
}
