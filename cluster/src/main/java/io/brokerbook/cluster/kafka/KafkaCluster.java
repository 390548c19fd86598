package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabComponent;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Kafka cluster the lab works on: brokers and KRaft controllers started in this JVM ({@link KafkaLab}) or an
 * existing cluster reached by its bootstrap servers ({@link ExternalKafka}). Inspections work the same on both;
 * stopping and starting a broker only on a lab started here. Every failure a user can cause is a one-line
 * {@link KafkaLabException}.
 */
public interface KafkaCluster extends LabComponent {
    String KIND = "kafka";

    @Override
    default String kind() {
        return KIND;
    }

    /** {@code host:port,...} of the brokers, for clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /** A shared admin client, closed with the cluster. Calls time out instead of hanging on a dead broker. */
    Admin admin();

    /** Inspections (topics, brokers, quorum, groups, offsets) and the partition layout. */
    KafkaInspector inspect();

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
