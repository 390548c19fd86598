package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Scenarios (a)–(g) on every system of {@link LabSystems}, one table per scenario. A system whose server is not
 * installed here is listed in {@link #notInstalled()} with the one line saying how to install it, instead of failing
 * the run.
 */
public record Comparison(Plan plan, Rows<Throughput> throughput, Rows<Latency> latency, Rows<OfflineCatchUp> offline,
                         Rows<RestartSurvival> restart, Rows<FanOut> fanOut, Rows<CompetingConsumers> competing,
                         Rows<Replay> replay, Map<String, String> notInstalled) {

    /** The systems, in the class's order, by their row names. */
    public static final List<String> SYSTEMS = List.of("Redis pub/sub", "Redis Streams", "RabbitMQ", "Kafka", "NATS core",
        "NATS JetStream", "MQTT QoS 0", "MQTT QoS 1");

    /**
     * What to run: which systems, and the counts. {@link #defaults()} is the issue's: 100 000 × 100 B for (a), 3 000 at
     * 1 000 msg/s for (b), 1 000 offline for (c) and 100 for (d)–(g) (99 for (f), split by 3).
     *
     * @param quiet how long nothing must arrive before a subscriber of (c)–(g) is taken to have got all it will get
     */
    public record Plan(List<String> systems, int throughputMessages, int payloadBytes, int latencyRate,
                       int latencyMessages, int offlineMessages, int durableMessages, Duration quiet) {
        public Plan {
            systems = List.copyOf(systems);
            for (String s : systems) {
                if (!SYSTEMS.contains(s)) {
                    throw new IllegalArgumentException("Unknown system '" + s + "': one of " + String.join(", ", SYSTEMS));
                }
            }
            positive(throughputMessages, "throughput messages");
            positive(payloadBytes, "payload bytes");
            positive(latencyRate, "latency rate");
            positive(latencyMessages, "latency messages");
            positive(offlineMessages, "offline messages");
            positive(durableMessages, "durable messages");
            if (quiet.isNegative() || quiet.isZero()) {
                throw new IllegalArgumentException("The quiet wait must be positive, not " + quiet.toMillis() + " ms");
            }
        }

        private static void positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException("The " + what + " must be positive, not " + n);
            }
        }

        public static Plan defaults() {
            return new Plan(SYSTEMS, 100_000, 100, 1000, 3000, 1000, 100, Experiments.QUIET);
        }

        public Plan withSystems(List<String> systems) {
            return new Plan(systems, throughputMessages, payloadBytes, latencyRate, latencyMessages, offlineMessages, durableMessages, quiet);
        }

        public Plan withThroughputMessages(int n) {
            return new Plan(systems, n, payloadBytes, latencyRate, latencyMessages, offlineMessages, durableMessages, quiet);
        }

        public Plan withLatency(int rate, int messages) {
            return new Plan(systems, throughputMessages, payloadBytes, rate, messages, offlineMessages, durableMessages, quiet);
        }

        public Plan withDurableMessages(int offline, int durable) {
            return new Plan(systems, throughputMessages, payloadBytes, latencyRate, latencyMessages, offline, durable, quiet);
        }

        public Plan withQuiet(Duration quiet) {
            return new Plan(systems, throughputMessages, payloadBytes, latencyRate, latencyMessages, offlineMessages, durableMessages, quiet);
        }

        /** (f)'s count: the durable count rounded down to a multiple of the 3 consumers (at least 3). */
        public int competingMessages() {
            return Math.max(3, durableMessages - durableMessages % 3);
        }
    }

    /** Runs every scenario on every system, one system at a time (each on servers of its own under {@code workDir}). */
    public static Comparison run(Path workDir) {
        return run(workDir, Plan.defaults(), line -> {
        });
    }

    /**
     * Runs {@code plan}'s systems one at a time, each on servers of its own under {@code workDir}, telling
     * {@code progress} which system starts.
     */
    public static Comparison run(Path workDir, Plan plan, Consumer<String> progress) {
        Map<String, Function<Path, MessagingSystem>> starters = new LinkedHashMap<>();
        starters.put("Redis pub/sub", LabSystems::redisPubSub);
        starters.put("Redis Streams", LabSystems::redisStreams);
        starters.put("RabbitMQ", LabSystems::rabbitmq);
        starters.put("Kafka", LabSystems::kafka);
        starters.put("NATS core", LabSystems::natsCore);
        starters.put("NATS JetStream", LabSystems::jetStream);
        starters.put("MQTT QoS 0", w -> LabSystems.mqtt(w, 0));
        starters.put("MQTT QoS 1", w -> LabSystems.mqtt(w, 1));
        List<Throughput> throughput = new ArrayList<>();
        List<Latency> latency = new ArrayList<>();
        List<OfflineCatchUp> offline = new ArrayList<>();
        List<RestartSurvival> restart = new ArrayList<>();
        List<FanOut> fanOut = new ArrayList<>();
        List<CompetingConsumers> competing = new ArrayList<>();
        List<Replay> replay = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        int index = 0;
        Duration quiet = plan.quiet();
        for (String name : SYSTEMS) {
            if (!plan.systems().contains(name)) {
                continue;
            }
            progress.accept(name);
            MessagingSystem system;
            try {
                system = start(starters.get(name), workDir.resolve("system-" + ++index));
            } catch (LabException e) {
                missing.put(name, e.getMessage());
                continue;
            }
            try (system) {
                throughput.add(Experiments.throughput(system, plan.throughputMessages(), plan.payloadBytes()));
                latency.add(Experiments.latency(system, plan.latencyRate(), plan.latencyMessages(), plan.payloadBytes()));
                offline.add(Experiments.offline(system, plan.offlineMessages(), quiet));
                restart.add(Experiments.restart(system, plan.durableMessages(), quiet));
                fanOut.add(Experiments.fanOut(system, plan.durableMessages(), quiet));
                competing.add(Experiments.competing(system, 3, plan.competingMessages(), quiet));
                replay.add(Experiments.replay(system, plan.durableMessages(), quiet));
            }
        }
        return new Comparison(plan,
            Rows.of("(a) throughput, 1 producer -> 1 consumer, " + plan.throughputMessages() + " x " + plan.payloadBytes() + " B", throughput),
            Rows.of("(b) latency at " + plan.latencyRate() + " msg/s, " + plan.latencyMessages() + " x " + plan.payloadBytes() + " B", latency),
            Rows.of("(c) consumer offline while " + plan.offlineMessages() + " are published", offline),
            Rows.of("(d) broker restart, persistence on", restart),
            Rows.of("(e) two independent subscribers", fanOut),
            Rows.of("(f) three competing consumers", competing),
            Rows.of("(g) replay from the beginning", replay),
            Collections.unmodifiableMap(missing));
    }

    /**
     * Starts a system, once more if the first start fails: the lab takes the default port when it looks free, and
     * another process on this machine may bind it in between (a second try takes the next free one).
     */
    private static MessagingSystem start(Function<Path, MessagingSystem> starter, Path dir) {
        try {
            return starter.apply(dir.resolve("first-try"));
        } catch (LabException e) {
            return starter.apply(dir.resolve("second-try"));
        }
    }

    /** The systems that ran, in the class's order. */
    public List<String> measured() {
        return throughput.rows().stream().map(Throughput::system).toList();
    }
}
