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
 * Scenarios (a)–(g) on every system of {@link LabSystems}, one table per scenario. A system whose server is not
 * installed here is listed in {@link #notInstalled()} with the one line saying how to install it, instead of failing
 * the run.
 */
public record Comparison(Rows<Throughput> throughput, Rows<Latency> latency, Rows<OfflineCatchUp> offline, Rows<RestartSurvival> restart, Rows<FanOut> fanOut,
                         Rows<CompetingConsumers> competing, Rows<Replay> replay, Map<String, String> notInstalled) {

    static final int THROUGHPUT_MESSAGES = 100_000;
    static final int PAYLOAD_BYTES = 100;
    static final int LATENCY_RATE = 1000;
    static final int LATENCY_MESSAGES = 3000;

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
        List<Throughput> throughput = new ArrayList<>();
        List<Latency> latency = new ArrayList<>();
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
                throughput.add(Experiments.throughput(system, THROUGHPUT_MESSAGES, PAYLOAD_BYTES));
                latency.add(Experiments.latency(system, LATENCY_RATE, LATENCY_MESSAGES, PAYLOAD_BYTES));
                offline.add(Experiments.offline(system, 1000));
                restart.add(Experiments.restart(system, 100));
                fanOut.add(Experiments.fanOut(system, 100));
                competing.add(Experiments.competing(system, 3, 99));
                replay.add(Experiments.replay(system, 100));
            }
        }
        return new Comparison(
            Rows.of("(a) throughput, 1 producer -> 1 consumer, " + THROUGHPUT_MESSAGES + " x " + PAYLOAD_BYTES + " B", throughput),
            Rows.of("(b) latency at " + LATENCY_RATE + " msg/s, " + LATENCY_MESSAGES + " x " + PAYLOAD_BYTES + " B", latency),
            Rows.of("(c) consumer offline while 1000 are published", offline),
            Rows.of("(d) broker restart, persistence on", restart),
            Rows.of("(e) two independent subscribers", fanOut),
            Rows.of("(f) three competing consumers", competing),
            Rows.of("(g) replay from the beginning", replay),
            Collections.unmodifiableMap(missing));
    }
}
