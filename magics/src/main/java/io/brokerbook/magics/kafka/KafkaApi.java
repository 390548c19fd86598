package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupMember;
import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupStatus;
import io.brokerbook.cluster.kafka.GroupSummary;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaInspector;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.NodeSummary;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.PartitionOffset;
import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code kafka} variable of Java cells: the cluster the magics use ({@code %kafka start} or
 * {@code %kafka connect}), with nothing to import:
 * <pre>{@code
 * kafka.bootstrapServers()                       // "127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"
 * kafka.producer().send(new org.apache.kafka.clients.producer.ProducerRecord<>("t", "k", "v"));
 * kafka.send("truck_coordinates", "123", "40.4,-3.7");   // waits for the ack, returns partition and offset
 * try (var c = kafka.consumer("my-group")) { c.subscribe(List.of("t")); c.poll(Duration.ofSeconds(1)); }
 * kafka.read("t", "my-group", 10)              // the console consumer: a Table of what it read (and commits)
 * kafka.group("my-group")                       // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
 * kafka.group("my-group").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum()   // typed rows
 * kafka.totalLag("my-group")
 * kafka.layout()                                // the partition picture
 * }</pre>
 * Every method fails with one line when no cluster is running.
 */
public final class KafkaApi {
    private final KafkaSession session;

    KafkaApi(KafkaSession session) {
        this.session = session;
    }

    /** The cluster itself: the lab of {@code %kafka start} or the one of {@code %kafka connect} (broker stop/start, inspections). */
    public KafkaCluster cluster() {
        return session.cluster();
    }

    public String bootstrapServers() {
        return session.cluster().bootstrapServers();
    }

    /** The shared String producer (acks=all, idempotent); do not close it, the session does. */
    public KafkaProducer<String, String> producer() {
        return session.producer();
    }

    /** The shared bytes producer of the bulk send path; do not close it. */
    public KafkaProducer<byte[], byte[]> bytesProducer() {
        return session.bytesProducer();
    }

    /**
     * A new String consumer in {@code group} (from the beginning when the group has no offsets, no auto commit); close
     * it. {@code %kafka stop} ends it: its {@code poll} then fails with the one line "Consumer ended: ...".
     */
    public KafkaConsumer<String, String> consumer(String group) {
        Properties props = consumerConfig(group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new SessionConsumer<>(props, session.consumers());
    }

    /** A new bytes consumer in {@code group}; close it. */
    public KafkaConsumer<byte[], byte[]> bytesConsumer(String group) {
        Properties props = consumerConfig(group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new SessionConsumer<>(props, session.consumers());
    }

    /** Producer settings for your own {@code new KafkaProducer<>(props)} (add the serializers). */
    public Properties producerConfig() {
        return KafkaSession.producerProps(session.cluster());
    }

    /** Consumer settings for your own consumer: earliest, no auto commit (add the deserializers). */
    public Properties consumerConfig(String group) {
        return KafkaSession.consumerProps(session.cluster(), group, true);
    }

    /** The cluster's shared admin client; do not close it. */
    public Admin admin() {
        return session.cluster().admin();
    }

    /** Creates a topic and returns once every partition has a leader (a one-line error if they do not come). */
    public void createTopic(String name, int partitions, int replicationFactor) {
        if (partitions <= 0 || replicationFactor <= 0) {
            throw new KafkaLabException("createTopic: partitions and replication factor must be at least 1.");
        }
        session.cluster().createTopic(new NewTopic(name, partitions, (short) replicationFactor));
    }

    /** Sends one record and waits for its ack: the metadata says partition and offset. */
    public RecordMetadata send(String topic, String key, String value) {
        try {
            return producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while sending to " + topic + ".", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaLabException("Sending to " + topic + " failed: "
                + LabException.oneLine(e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** Sends an unkeyed record and waits for its ack. */
    public RecordMetadata send(String topic, String value) {
        return send(topic, null, value);
    }

    /**
     * The bulk send path of the producer magics: {@code count} records of {@code recordSize} bytes, asynchronous with
     * one callback each, flushed at the end. The report has records/sec and Kafka's perf summary line.
     */
    public BulkSender.SendReport sendBulk(String topic, int count, int recordSize) {
        byte[] payload = new byte[recordSize];
        java.util.Arrays.fill(payload, (byte) 'x');
        KafkaProducer<byte[], byte[]> producer = bytesProducer();
        return BulkSender.send(producer, count, i -> new ProducerRecord<>(topic, payload), null, null, null);
    }

    /**
     * The console consumer: reads up to {@code maxMessages} records of {@code topic} in {@code group} (from the
     * beginning when it has no offsets), stopping after 5 s without records, commits, and returns them as a Table
     * {@code Partition, Offset, Key, Value, Timestamp}. {@code %kafka stop} ends it (also on a thread of its own)
     * with the one-line error "Consumer ended: the Kafka lab was stopped".
     */
    public Table read(String topic, String group, int maxMessages) {
        return read(topic, group, maxMessages, ConsoleConsumerMagic.DEFAULT_TIMEOUT_MS).table;
    }

    /** What {@link #readCounting} measured. */
    public record ReadResult(long records, long bytes, double seconds) {
        public double recordsPerSec() {
            return records / Math.max(1e-9, seconds);
        }
    }

    /** The console consumer's read loop, keeping no rows: how many records, bytes, and how fast (whole run). */
    public ReadResult readCounting(String topic, String group, long maxMessages, long timeoutMs) {
        return read(topic, group, maxMessages, timeoutMs, 0).result;
    }

    private record Read(Table table, ReadResult result) { }

    private Read read(String topic, String group, long maxMessages, long timeoutMs) {
        return read(topic, group, maxMessages, timeoutMs, (int) Math.min(Integer.MAX_VALUE, maxMessages));
    }

    private Read read(String topic, String group, long maxMessages, long timeoutMs, int keep) {
        ClusterOptions.requireTopic(session.cluster(), topic);
        RecordRows rows = new RecordRows(keep, 0);
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer(group)) {
            ConsoleReader reader = new ConsoleReader(consumer, true);
            consumer.subscribe(List.of(topic), reader.listener());
            long n = reader.read(maxMessages, timeoutMs, rows, null, null, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Read(rows.table("records read from " + topic, false), new ReadResult(n, reader.bytesRead(), seconds));
        }
    }

    private KafkaInspector inspect() {
        return session.cluster().inspect();
    }

    /** {@code kafka-topics --describe} of every topic: one {@link PartitionReplicas} per partition. */
    public Rows<PartitionReplicas> topics() {
        return inspect().topics(Optional.empty(), false, false);
    }

    public Rows<PartitionReplicas> topics(String topic) {
        return inspect().topics(Optional.of(topic), false, false);
    }

    /** Brokers and controllers, up or down, with the partitions each leads and holds. */
    public Rows<NodeSummary> brokers() {
        return inspect().brokers();
    }

    /** {@code kafka-metadata-quorum describe --status}. */
    public QuorumStatus quorum() {
        return inspect().quorum();
    }

    /** {@code kafka-consumer-groups --list}. */
    public Rows<GroupSummary> groups() {
        return inspect().groups();
    }

    /**
     * {@code kafka-consumer-groups --describe --group G}: per partition the committed offset, log-end offset and
     * lag, e.g. {@code kafka.group("g").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum()}.
     */
    public GroupOffsets group(String group) {
        return inspect().groupOffsets(group);
    }

    public Rows<GroupMember> members(String group) {
        return inspect().groupMembers(group);
    }

    public GroupStatus groupState(String group) {
        return inspect().groupState(group);
    }

    /** The sum of the group's lag over the partitions where it is known. */
    public long totalLag(String group) {
        return group(group).totalLag();
    }

    /** {@code kafka-get-offsets --topic T}: the log-end offset of each partition. */
    public Rows<PartitionOffset> offsets(String topic) {
        return inspect().offsets(topic, OffsetSpec.latest());
    }

    public Rows<PartitionOffset> earliestOffsets(String topic) {
        return inspect().offsets(topic, OffsetSpec.earliest());
    }

    /** The partition layout of every topic (a cell returning it shows the picture). */
    public PartitionLayout layout() {
        return inspect().layout(Optional.empty());
    }

    public PartitionLayout layout(String topic) {
        return inspect().layout(Optional.of(topic));
    }

    @Override
    public String toString() {
        return session.current().map(KafkaCluster::toString).orElse("kafka: no cluster yet (%kafka start)");
    }
}
