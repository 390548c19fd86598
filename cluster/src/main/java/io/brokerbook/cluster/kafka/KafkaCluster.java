package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabComponent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kafka cluster the lab works on: brokers and KRaft controllers started in this JVM ({@link KafkaLab}) or an
 * existing cluster reached by its bootstrap servers ({@link ExternalKafka}). Inspections work the same on both;
 * stopping and starting a broker only on a lab started here. Every failure a user can cause is a one-line
 * {@link KafkaLabException}.
 */
public interface KafkaCluster extends LabComponent {
    String KIND = "kafka";
    /** How long {@link #createTopic} and {@link #increasePartitions} wait for leaders (a loaded 2-core machine needs seconds). */
    Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

    @Override
    default String kind() {
        return KIND;
    }

    /** {@code host:port,...} of the brokers, for clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /**
     * What every client of this cluster needs besides {@code bootstrap.servers}: security settings (SASL, TLS) of a
     * secured lab or of the client config {@code %kafka connect --command-config} read. Empty for a plaintext cluster.
     */
    Map<String, String> clientProperties();

    /** A shared admin client, closed with the cluster. Calls time out instead of hanging on a dead broker. */
    Admin admin();

    /** Inspections (topics, brokers, quorum, groups, offsets) and the partition layout. */
    KafkaInspector inspect();

    /**
     * Creates a topic and returns once it is usable (every partition has a leader), with the number of partitions
     * it got. Fails in one line when Kafka refuses it (it exists, more replicas than brokers, ...) or when it is
     * not ready within {@link #TOPIC_READY_TIMEOUT}.
     */
    default int createTopic(NewTopic topic) {
        CreateTopicsResult result = admin().createTopics(List.of(topic));
        AdminCalls.await(result.all(), "creating topic " + topic.name());
        int partitions = AdminCalls.await(result.numPartitions(topic.name()), "creating topic " + topic.name());
        awaitTopicReady(topic.name(), partitions, TOPIC_READY_TIMEOUT);
        return partitions;
    }

    /** Grows a topic to {@code partitions} partitions and returns once the new ones have leaders. */
    default void increasePartitions(String topic, int partitions) {
        AdminCalls.await(admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all(),
                "adding partitions to " + topic);
        awaitTopicReady(topic, partitions, TOPIC_READY_TIMEOUT);
    }

    /**
     * Waits until {@code topic} shows at least {@code partitions} partitions, each with a leader; a one-line
     * {@link KafkaLabException} saying what is missing when that takes longer than {@code timeout}.
     */
    default void awaitTopicReady(String topic, int partitions, Duration timeout) {
        TopicReadiness.await(admin(), () -> AdminClients.create(bootstrapServers(), "brokerbook-topic-ready", clientProperties()),
            topic, partitions, timeout);
    }

    /** The nodes started here, controllers first, with their up/down state; empty for an external cluster. */
    List<NodeStatus> nodes();

    /** The broker ids: a lab's own (up or down); for an external cluster the live ones it reports. */
    List<Integer> brokerIds();

    /** The KRaft controller ids: a lab's own; for an external cluster the voters of its metadata quorum. */
    List<Integer> controllerIds();

    /**
     * Stops one broker of a lab started here. Clean: controlled shutdown, its leaderships move first. Abrupt: it
     * just disappears, as after a crash; the controller fences it after the broker session timeout.
     */
    void stopBroker(int brokerId, boolean abrupt);

    /** Starts a stopped broker of a lab started here again with the same id, port and data. */
    void startBroker(int brokerId);

    /** Where Kafka's own logging (servers and clients in this JVM) goes. */
    Optional<Path> logFile();
}
