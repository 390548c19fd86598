package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.kafka.KafkaLabSpec;
import io.brokerbook.cluster.mqtt.MqttServerKind;
import io.brokerbook.cluster.mqtt.MqttServerOptions;
import io.brokerbook.cluster.nats.NatsServerOptions;
import io.brokerbook.cluster.rabbitmq.RabbitServerOptions;
import io.brokerbook.cluster.redis.RedisServerOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The systems of the comparison, each on a server of its own with persistence on (a data dir under
 * {@code workDir}), started on demand. Close each when done.
 */
public final class LabSystems {
    private LabSystems() {
    }

    public static MessagingSystem redisPubSub(Path workDir) {
        return new RedisPubSubSystem(redis(workDir, "redis-pubsub"));
    }

    public static MessagingSystem redisStreams(Path workDir) {
        return new RedisStreamsSystem(redis(workDir, "redis-streams"));
    }

    /** Kafka in this JVM: one broker and one controller, ports of the OS's choosing, data kept in {@code workDir}. */
    public static MessagingSystem kafka(Path workDir) {
        return new KafkaSystem(KafkaLabSpec.defaults().brokers(1).controllers(1).replicationFactor(1)
            .offsetsTopicPartitions(1).ephemeralPorts(true).dataDir(workDir.resolve("kafka")));
    }

    /** A RabbitMQ node (Debian's rabbitmq-server) on 5672 or the next free port. */
    public static MessagingSystem rabbitmq(Path workDir) {
        return new RabbitMqSystem(RabbitServerOptions.defaults().withWorkDir(workDir).withDataDir(workDir.resolve("rabbitmq")));
    }

    public static MessagingSystem natsCore(Path workDir) {
        return new NatsCoreSystem(NatsServerOptions.defaults().withWorkDir(workDir));
    }

    public static MessagingSystem jetStream(Path workDir) {
        return new JetStreamSystem(NatsServerOptions.defaults().withWorkDir(workDir).withDataDir(workDir.resolve("jetstream")));
    }

    public static MessagingSystem mqtt(Path workDir, int qos) {
        return mqtt(workDir, qos, null);
    }

    /** MQTT on a given broker: mosquitto, or HiveMQ CE in a child JVM; null: mosquitto when installed, else HiveMQ. */
    public static MessagingSystem mqtt(Path workDir, int qos, MqttServerKind server) {
        return new MqttSystem(MqttServerOptions.defaults().withWorkDir(workDir).withDataDir(workDir.resolve("mqtt-qos" + qos))
            .withServer(server), qos);
    }

    /** Every system this lab can run here, in the class's order. */
    public static List<MessagingSystem> all(Path workDir) {
        List<MessagingSystem> systems = new ArrayList<>();
        try {
            systems.add(redisPubSub(workDir));
            systems.add(redisStreams(workDir));
            systems.add(rabbitmq(workDir));
            systems.add(kafka(workDir));
            systems.add(natsCore(workDir));
            systems.add(jetStream(workDir));
            systems.add(mqtt(workDir, 0));
            systems.add(mqtt(workDir, 1));
            return systems;
        } catch (RuntimeException e) {
            systems.forEach(MessagingSystem::close);
            throw e;
        }
    }

    private static RedisServerOptions redis(Path workDir, String name) {
        return RedisServerOptions.defaults().withWorkDir(workDir).withDataDir(workDir.resolve(name));
    }
}
