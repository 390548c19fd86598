package io.brokerbook.magics.compare;

import java.util.Map;
import java.util.Optional;

/**
 * What the class's slides say about each system (Redis, RabbitMQ, Kafka; NATS and Mosquitto are only named), quoted
 * next to what the lab measures. Redis pub/sub and Redis Streams both carry the slide about Redis.
 */
record ClassFigures(String storage, String speed, String architecture, String threadSafe, String learningCurve,
                    String guaranteed, String retention, String rebalancing) {

    private static final ClassFigures REDIS = new ClassFigures("en memoria temporal", "«la más alta»",
        "simple (réplicas y modo cluster)", "no por defecto", "baja", null, null, null);
    private static final Map<String, ClassFigures> BY_SYSTEM = Map.of(
        "Redis pub/sub", REDIS,
        "Redis Streams", REDIS,
        "RabbitMQ", new ClassFigures("persistente y replicado", "alta", "smart broker / dumb consumer", "sí", "mediana",
            "entre 4k/s y 10k/s", "mediante ACK", null),
        "Kafka", new ClassFigures("persistente y replicado", "alta", "smart consumer / dumb broker", "sí", "alta",
            "1 millón/s", "mediante políticas", "sí"));

    static Optional<ClassFigures> of(String system) {
        return Optional.ofNullable(BY_SYSTEM.get(system));
    }
}
