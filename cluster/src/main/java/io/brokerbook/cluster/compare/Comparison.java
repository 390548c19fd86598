package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scenarios (c)–(g) on every system of {@link LabSystems}, one table per scenario. A system whose server is not
 * installed here is listed in {@link #notInstalled()} with the one line saying how to install it, instead of failing
 * the run.
 */
public record Comparison(Rows<OfflineCatchUp> offline, Rows<RestartSurvival> restart, Rows<FanOut> fanOut,
                         Rows<CompetingConsumers> competing, Rows<Replay> replay, Map<String, String> notInstalled) {

    /** Runs every scenario on every system, one system at a time (each on servers of its own under {@code workDir}). */
    public static Comparison run(Path workDir) {
        Map<String, Function<Path, MessagingSystem>> systems = new LinkedHashMap<>();
        systems.put("Redis pub/sub", LabSystems::redisPubSub);
        systems.put("Redis Streams", LabSystems::redisStreams);
        systems.put("RabbitMQ", LabSystems::rabbitmq);
        systems.put("Kafka", LabSystems::kafka);
        systems.put("NATS core", LabSystems::natsCore);
        systems.put("NATS JetStream", LabSystems::jetStream);
        systems.put("MQTT QoS 0", w -> LabSystems.mqtt(w, 0));
        systems.put("MQTT QoS 1", w -> LabSystems.mqtt(w, 1));
        List<OfflineCatchUp> offline = new ArrayList<>();
        List<RestartSurvival> restart = new ArrayList<>();
        List<FanOut> fanOut = new ArrayList<>();
        List<CompetingConsumers> competing = new ArrayList<>();
        List<Replay> replay = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        int index = 0;
        for (var entry : systems.entrySet()) {
            MessagingSystem system;
            try {
                system = entry.getValue().apply(workDir.resolve("system-" + ++index));
            } catch (LabException e) {
                missing.put(entry.getKey(), e.getMessage());
                continue;
            }
            try (system) {
                offline.add(Experiments.offline(system, 1000));
                restart.add(Experiments.restart(system, 100));
                fanOut.add(Experiments.fanOut(system, 100));
                competing.add(Experiments.competing(system, 3, 99));
                replay.add(Experiments.replay(system, 100));
            }
        }
        return new Comparison(Rows.of("(c) consumer offline while 1000 are published", offline),
            Rows.of("(d) broker restart, persistence on", restart),
            Rows.of("(e) two independent subscribers", fanOut),
            Rows.of("(f) three competing consumers", competing),
            Rows.of("(g) replay from the beginning", replay),
            Collections.unmodifiableMap(missing));
    }
}
