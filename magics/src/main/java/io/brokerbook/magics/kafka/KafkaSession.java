package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.ExternalKafka;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.kafka.ZkKafkaSpec;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.ShownPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kernel's one Kafka cluster (a {@link LabSlot}: the lab {@code %kafka start} launched or the cluster
 * {@code %kafka connect} points at) and what the Kafka pack adds to it: the shared producers the magics and Java
 * cells send with, closed when the cluster changes and at kernel shutdown.
 */
final class KafkaSession implements AutoCloseable {
    static final String NO_CLUSTER = "No Kafka cluster is running: start one with %kafka start"
        + " (or %kafka connect --bootstrap-server HOST:PORT for an existing one).";

    /** How long {@code %kafka stop} lets running consumers close while the brokers still answer. */
    private static final Duration CONSUMERS_GRACE = Duration.ofSeconds(3);

    private final LabSlot<KafkaCluster> slot;
    private final RunningConsumers consumers = new RunningConsumers();
    private KafkaCluster producersCluster;
    private KafkaProducer<String, String> producer;
    private KafkaProducer<byte[], byte[]> bytesProducer;
    private final List<AutoCloseable> stopHooks = new CopyOnWriteArrayList<>();

    /** @param slot the kernel's Kafka slot ({@code host.lab().register("kafka", NO_CLUSTER)}) */
    KafkaSession(LabSlot<KafkaCluster> slot) {
        this.slot = slot;
    }

    /** The consumers running against the cluster, which {@link #stop()} ends first. */
    RunningConsumers consumers() {
        return consumers;
    }

    /** The running cluster, or the one-line "start one first" error. */
    KafkaCluster cluster() {
        return slot.require();
    }

    /** The cluster started or connected, if any, even if it has crashed since (for its crash report). */
    Optional<KafkaCluster> started() {
        return slot.current();
    }

    /** The running cluster, if there is one. */
    Optional<KafkaCluster> current() {
        return slot.current().filter(KafkaCluster::isRunning);
    }

    /**
     * Starts the in-JVM lab unless a cluster is running (refused in one line). {@code starting} runs once the
     * refusal is ruled out, before the lab starts (to say "Starting ...").
     */
    KafkaLab start(KafkaLabSpec spec, Runnable starting) {
        return (KafkaLab) slot.start(() -> {
            starting.run();
            return KafkaLab.start(spec);
        }).component();
    }

    /** Starts Kafka 3.9 brokers in ZooKeeper mode unless a cluster is running (refused in one line). */
    ZkKafkaCluster startInZooKeeperMode(ZkKafkaSpec spec, Runnable starting) {
        return (ZkKafkaCluster) slot.start(() -> {
            starting.run();
            return ZkKafkaCluster.start(spec);
        }).component();
    }

    /** Connects to an existing cluster; {@code clientSettings} (security.protocol, sasl.*, ...) go to every client. */
    ExternalKafka connect(String bootstrap, Map<String, String> clientSettings) {
        return (ExternalKafka) slot.connect(() -> ExternalKafka.connect(bootstrap, clientSettings));
    }

    /** {@code hook} is closed before the cluster stops ({@code %kafka stop}) and at kernel shutdown. */
    void onStop(AutoCloseable hook) {
        stopHooks.add(hook);
    }

    private void runStopHooks() {
        for (AutoCloseable hook : stopHooks) {
            try {
                hook.close();
            } catch (Exception e) {
                // a hook that cannot close must not keep the lab from stopping
            }
        }
    }

    /** Stops the lab (or disconnects); returns the line to print. */
    String stop() {
        runStopHooks();
        slot.current().ifPresent(running -> consumers.endAll(running.ownsServer()
            ? "Consumer ended: the Kafka lab was stopped (%kafka stop)."
            : "Consumer ended: the notebook disconnected from " + running.bootstrapServers() + " (%kafka stop).", CONSUMERS_GRACE));
        closeProducers();
        KafkaCluster old = slot.stop();
        if (old instanceof ZkKafkaCluster zk) {
            return "Kafka brokers stopped (their ZooKeeper sessions ended)" + (zk.dataIsTemporary() ? "; their temp data is removed."
                : "; data kept in " + ShownPath.of(zk.dataDir()) + " (start them again with --zookeeper " + zk.spec().zookeeper()
                    + " --data-dir " + ShownPath.of(zk.dataDir()) + ").");
        }
        if (!(old instanceof KafkaLab lab)) {
            return "Disconnected from " + old.bootstrapServers() + " (that cluster keeps running).";
        }
        return "Kafka lab stopped" + (lab.dataIsTemporary() ? "; its temp data is removed."
            : "; data kept in " + ShownPath.of(lab.dataDir()) + " (start it again with --data-dir "
                + ShownPath.of(lab.dataDir()) + ").");
    }

    /** The running cluster; the producers of a cluster that is gone are closed first. */
    private synchronized KafkaCluster producersCluster() {
        KafkaCluster c = cluster();
        if (c != producersCluster) {
            closeProducers();
            producersCluster = c;
        }
        return c;
    }

    /** The shared String producer (acks=all, idempotent), created on first use; closed when the cluster stops. */
    synchronized KafkaProducer<String, String> producer() {
        KafkaCluster l = producersCluster();
        if (producer == null) {
            Properties props = producerProps(l);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** The shared bytes producer of the bulk send path, with the same settings as Kafka's perf tool defaults. */
    synchronized KafkaProducer<byte[], byte[]> bytesProducer() {
        KafkaCluster l = producersCluster();
        if (bytesProducer == null) {
            Properties props = producerProps(l);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            bytesProducer = new KafkaProducer<>(props);
        }
        return bytesProducer;
    }

    /**
     * Producer settings: Kafka's defaults, plus a bounded wait for metadata so a stopped cluster fails a send
     * instead of hanging. Request and delivery timeouts stay at Kafka's defaults: shorter ones expired batches
     * on a loaded 2-core machine (records lost to "Expiring … ms has passed since batch creation").
     */
    static Properties producerProps(KafkaCluster cluster) {
        Properties props = new Properties();
        props.putAll(cluster.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return props;
    }

    /** Consumer settings shared by the console consumer and Java cells; no auto commit (the magic commits). */
    static Properties consumerProps(KafkaCluster cluster, String group, boolean fromBeginning) {
        Properties props = new Properties();
        props.putAll(cluster.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private synchronized void closeProducers() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
        if (bytesProducer != null) {
            bytesProducer.close(Duration.ofSeconds(2));
            bytesProducer = null;
        }
        producersCluster = null;
    }

    /** Ends the running consumers and closes the shared producers; the cluster itself is stopped by the kernel's lab components. */
    @Override
    public void close() {
        runStopHooks();
        consumers.endAll("Consumer ended: the kernel is shutting down.", CONSUMERS_GRACE);
        closeProducers();
    }
}
