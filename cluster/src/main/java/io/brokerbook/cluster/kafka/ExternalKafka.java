package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An existing Kafka cluster the lab connected to ({@code %kafka connect}): inspections work as on the lab;
 * stopping or starting its brokers is refused, and {@link #stop()} only disconnects (the cluster keeps running).
 */
public final class ExternalKafka implements KafkaCluster {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicInteger CONNECTION_NUMBER = new AtomicInteger();

    private final String bootstrapServers;
    private final LabDirectories directories;
    private final Path logFile;
    private final Admin admin;
    private final String clusterId;
    private final Map<String, String> clientProperties;
    private volatile boolean closed;

    private ExternalKafka(String bootstrapServers, Map<String, String> clientProperties, LabDirectories directories,
                          Path logFile, Admin admin, String clusterId) {
        this.directories = directories;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.logFile = logFile;
        this.admin = admin;
        this.clusterId = clusterId;
    }

    /** Connects to the cluster at {@code host:port[,host:port...]}; fails in one line when nothing answers in 15 s. */
    public static ExternalKafka connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of());
    }

    /**
     * Connects with a client configuration (security.protocol, sasl.*, ssl.* ... as a {@code client.properties}
     * holds it), which every client made for this cluster then gets. Wrong credentials fail in one line.
     */
    public static ExternalKafka connect(String bootstrapServers, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new KafkaLabException("Give the bootstrap servers as host:port[,host:port...].");
        }
        String bootstrap = bootstrapServers.trim();
        for (String server : bootstrap.split(",")) {
            if (!server.trim().matches("[^:\\s]+:\\d{1,5}")) {
                throw new KafkaLabException("'" + server.trim() + "' is not host:port; give the bootstrap servers as host:port[,host:port...].");
            }
        }
        // the clients' log, in a run dir that goes at disconnect (or with this JVM)
        LabDirectories directories = LabDirectories.temporary();
        Path logFile;
        try {
            logFile = KafkaLogRouting.routeTo(directories.defaultLogFile());
        } catch (RuntimeException e) {
            directories.release();
            throw e;
        }
        Map<String, String> settings = new LinkedHashMap<>(clientProperties);
        settings.remove("bootstrap.servers");
        Admin admin;
        try {
            admin = AdminClients.create(bootstrap, "brokerbook-external-" + CONNECTION_NUMBER.incrementAndGet() + "-admin", settings);
        } catch (KafkaException e) {
            KafkaLogRouting.release(logFile);
            directories.release();
            throw new KafkaLabException("The client configuration for " + bootstrap + " is not usable: " + LabException.oneLine(e), e);
        }
        boolean connected = false;
        try {
            String clusterId = admin.describeCluster().clusterId().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            connected = true;
            return new ExternalKafka(bootstrap, settings, directories, logFile, admin, clusterId);
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while connecting to " + bootstrap + ".", e);
        } catch (ExecutionException e) {
            admin.close(Duration.ZERO);
            if (e.getCause() instanceof AuthenticationException auth) {
                throw new KafkaLabException("Authentication to " + bootstrap + " failed: " + LabException.oneLine(auth)
                        + " Check the user and password (sasl.jaas.config) and sasl.mechanism.", e);
            }
            throw new KafkaLabException("No Kafka cluster answered at " + bootstrap + ": " + LabException.oneLine(e), e);
        } catch (Exception e) {
            admin.close(Duration.ZERO);
            throw new KafkaLabException("No Kafka cluster answered at " + bootstrap + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s: " + LabException.oneLine(e), e);
        } finally {
            if (!connected) {
                KafkaLogRouting.release(logFile);
                directories.release();
            }
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public boolean ownsServer() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return !closed;
    }

    @Override
    public ComponentStatus status() {
        if (closed) {
            return ComponentStatus.stopped(KIND);
        }
        return new ComponentStatus(KIND, ComponentState.CONNECTED, Optional.of(bootstrapServers), Optional.empty(),
                "existing Kafka cluster " + clusterId + ", not started here", Optional.empty());
    }

    @Override
    public Admin admin() {
        ensureOpen();
        return admin;
    }

    @Override
    public KafkaInspector inspect() {
        ensureOpen();
        return new KafkaInspector(admin, List::of, stopped -> admin);
    }

    @Override
    public List<NodeStatus> nodes() {
        return List.of();
    }

    @Override
    public List<Integer> brokerIds() {
        return AdminCalls.await(admin().describeCluster().nodes(), "describing the cluster")
                .stream().map(Node::id).sorted().toList();
    }

    @Override
    public List<Integer> controllerIds() {
        return AdminCalls.await(admin().describeMetadataQuorum().quorumInfo(), "describing the metadata quorum")
                .voters().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
    }

    @Override
    public void stopBroker(int brokerId, boolean abrupt) {
        throw refused(abrupt ? "stop (abruptly)" : "stop", brokerId);
    }

    @Override
    public void startBroker(int brokerId) {
        throw refused("start", brokerId);
    }

    private KafkaLabException refused(String operation, int brokerId) {
        return new KafkaLabException("Cannot " + operation + " broker " + brokerId + ": " + bootstrapServers
                + " is an external cluster; only brokers of a lab started here can be stopped or started.");
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(logFile);
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaLabException("Disconnected from " + bootstrapServers + "; connect again.");
        }
    }

    /** Disconnects (closes the admin client); the cluster keeps running. Idempotent. */
    @Override
    public synchronized void stop() {
        if (!closed) {
            closed = true;
            admin.close(Duration.ofSeconds(2));
            KafkaLogRouting.release(logFile);
            directories.release();
        }
    }

    @Override
    public String toString() {
        return "External Kafka cluster at " + bootstrapServers + (closed ? " (disconnected)" : "");
    }
}
