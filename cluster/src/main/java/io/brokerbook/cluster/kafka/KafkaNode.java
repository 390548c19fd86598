package io.brokerbook.cluster.kafka;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kafka server of the lab (a broker or a controller), assembled from Kafka's own server classes the way
 * {@code kafka.server.KafkaRaftServer} assembles them (shared server + broker or controller), so that the lab can
 * reach the broker for a clean or an abrupt stop. It can be stopped and started again with the same id, port and data.
 */
final class KafkaNode {
    private static final Logger LOG = LoggerFactory.getLogger("kafka.brokerbook.lab");
    private static final long CONTROLLED_SHUTDOWN_TIMEOUT_MS = 15_000;

    private final NodeRole role;
    private final int id;
    private final int port;
    private final Path dir;
    private final Map<String, Object> props;

    private volatile SharedServer shared;
    private volatile BrokerServer broker;
    private volatile ControllerServer controller;
    private volatile Metrics metrics;

    KafkaNode(NodeRole role, int id, int port, Path dir, Map<String, Object> props) {
        this.role = role;
        this.id = id;
        this.port = port;
        this.dir = dir;
        this.props = Map.copyOf(props);
    }

    NodeRole role() {
        return role;
    }

    int id() {
        return id;
    }

    int port() {
        return port;
    }

    String hostPort() {
        return PortFinder.LOOPBACK + ":" + port;
    }

    Path dir() {
        return dir;
    }

    boolean isRunning() {
        return broker != null || controller != null;
    }

    boolean isFormatted() {
        return Files.exists(dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
    }

    /** The cluster id recorded in this node's storage, if it was formatted before. */
    Optional<String> storedClusterId() {
        Path metaFile = dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (!Files.exists(metaFile)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaFile)) {
            meta.load(in);
        } catch (IOException e) {
            throw new KafkaLabException("Cannot read " + metaFile + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(meta.getProperty("cluster.id"));
    }

    /** Formats this node's storage as {@code kafka-storage format} does; the formatter's output goes to the log. */
    void format(String clusterId, Optional<ScramCredentials> scram) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(id)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(NodeConfigs.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(scram.map(s -> List.of(s.formatArgument())).orElse(List.of()))
                    .run();
        } catch (Exception e) {
            throw new KafkaLabException("Cannot format the storage of " + describe() + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            output.toString(StandardCharsets.UTF_8).lines().forEach(line -> LOG.info("[format {}] {}", id, line));
        }
    }

    /** Starts the node; for a broker this returns once the controller has unfenced it. */
    synchronized void start() {
        if (isRunning()) {
            return;
        }
        KafkaConfig config = new KafkaConfig(props, false);
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> storage =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[lab node " + id + "] ");
        Metrics nodeMetrics = new Metrics();
        SharedServer sharedServer = new SharedServer(config, storage._1(), Time.SYSTEM, nodeMetrics,
                CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
                QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                new StandardFaultHandlerFactory(), ServerSocketFactory.INSTANCE);
        metrics = nodeMetrics;
        shared = sharedServer;
        try {
            if (role == NodeRole.CONTROLLER) {
                ControllerServer server = new ControllerServer(sharedServer, KafkaRaftServer.configSchema(), storage._2());
                controller = server;
                server.startup();
            } else {
                BrokerServer server = new BrokerServer(sharedServer);
                broker = server;
                server.startup();
            }
        } catch (RuntimeException e) {
            stop(true);
            throw new KafkaLabException("Could not start " + describe() + " on " + hostPort() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the node. A clean stop of a broker first asks the controller to move its leaderships away
     * (controlled shutdown); an abrupt one just goes away, and the controller fences it after the session timeout.
     */
    synchronized void stop(boolean abrupt) {
        BrokerServer brokerServer = broker;
        ControllerServer controllerServer = controller;
        try {
            if (brokerServer != null) {
                if (!abrupt) {
                    controlledShutdown(brokerServer);
                }
                brokerServer.shutdown();
                brokerServer.awaitShutdown();
            }
            if (controllerServer != null) {
                controllerServer.shutdown();
                controllerServer.awaitShutdown();
            }
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            broker = null;
            controller = null;
            shared = null;
            metrics = null;
        }
    }

    private void controlledShutdown(BrokerServer server) {
        if (server.replicaManager() == null || server.lifecycleManager() == null) {
            return; // never got far enough to hold partitions
        }
        server.replicaManager().beginControlledShutdown();
        server.lifecycleManager().beginControlledShutdown();
        try {
            server.lifecycleManager().controlledShutdownFuture().get(CONTROLLED_SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Controlled shutdown of broker {} did not finish in {} ms; stopping anyway", id, CONTROLLED_SHUTDOWN_TIMEOUT_MS);
        } catch (ExecutionException e) {
            LOG.warn("Controlled shutdown of broker {} failed; stopping anyway", id, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True if this broker is up and its own metadata shows {@code topic} with at least {@code partitions} partitions. */
    boolean knowsTopic(String topic, int partitions) {
        BrokerServer server = broker;
        return server != null && server.metadataCache().numPartitions(topic).orElse(0) >= partitions;
    }

    String describe() {
        return role.label() + " " + id;
    }
}
