package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import io.brokerbook.magics.MagicException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The kernel's one Kafka cluster: the lab {@code %kafka start} launched or the cluster {@code %kafka connect}
 * points at, plus the shared producers the magics and Java cells send with. Closed at kernel shutdown.
 */
final class KafkaSession implements AutoCloseable {
    static final String NO_CLUSTER = "No Kafka cluster is running: start one with %kafka start"
        + " (or %kafka connect --bootstrap-server HOST:PORT for an existing one).";

    private final Path workDir;
    private KafkaLab lab;
    private KafkaProducer<String, String> producer;
    private KafkaProducer<byte[], byte[]> bytesProducer;

    /** @param workDir the kernel's private dir (Kafka's log goes there); null = the lab's default */
    KafkaSession(Path workDir) {
        this.workDir = workDir;
    }

    /** The running cluster, or the one-line "start one first" error. */
    synchronized KafkaLab lab() {
        if (lab == null || !lab.isRunning()) {
            throw new MagicException(NO_CLUSTER);
        }
        return lab;
    }

    synchronized Optional<KafkaLab> current() {
        return lab == null || !lab.isRunning() ? Optional.empty() : Optional.of(lab);
    }

    synchronized KafkaLab start(KafkaLabSpec spec) {
        refuseIfRunning();
        KafkaLabSpec withLog = workDir == null || spec.logFile().isPresent() ? spec : spec.logFile(workDir.resolve("kafka.log"));
        lab = call(() -> KafkaLab.start(withLog));
        return lab;
    }

    synchronized KafkaLab connect(String bootstrap) {
        refuseIfRunning();
        lab = call(() -> KafkaLab.connect(bootstrap));
        return lab;
    }

    private void refuseIfRunning() {
        if (lab != null && lab.isRunning()) {
            throw new MagicException(lab.isExternal()
                ? "Already connected to " + lab.bootstrapServers() + "; run %kafka stop to disconnect first."
                : "A Kafka lab is already running at " + lab.bootstrapServers() + "; run %kafka stop first.");
        }
    }

    /** Stops the lab (or disconnects); returns the line to print. */
    synchronized String stop() {
        KafkaLab old = lab();
        discard();
        if (old.isExternal()) {
            return "Disconnected from " + old.bootstrapServers() + " (that cluster keeps running).";
        }
        return "Kafka lab stopped" + (old.dataIsTemporary() ? "; its temp data is removed."
            : old.dataDir().map(d -> "; data kept in " + d + " (start it again with --data-dir " + d + ").").orElse("."));
    }

    /** The shared String producer (acks=all, idempotent), created on first use; closed when the lab stops. */
    synchronized KafkaProducer<String, String> producer() {
        KafkaLab l = lab();
        if (producer == null) {
            Properties props = producerProps(l.bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** The shared bytes producer of the bulk send path, with the same settings as Kafka's perf tool defaults. */
    synchronized KafkaProducer<byte[], byte[]> bytesProducer() {
        KafkaLab l = lab();
        if (bytesProducer == null) {
            Properties props = producerProps(l.bootstrapServers());
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
    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return props;
    }

    /** Consumer settings shared by the console consumer and Java cells; no auto commit (the magic commits). */
    static Properties consumerProps(String bootstrap, String group, boolean fromBeginning) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private void discard() {
        KafkaLab old = lab;
        lab = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
        if (bytesProducer != null) {
            bytesProducer.close(Duration.ofSeconds(2));
            bytesProducer = null;
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public synchronized void close() {
        discard();
    }

    /** Runs a lab call, turning its one-line errors into magic errors. */
    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (KafkaLabException e) {
            throw new MagicException(e.getMessage(), e);
        }
    }

    static void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
