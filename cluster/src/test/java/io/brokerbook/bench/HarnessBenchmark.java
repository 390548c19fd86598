package io.brokerbook.bench;

import io.brokerbook.bench.BareClients.Kind;
import io.brokerbook.bench.BareClients.Session;
import io.brokerbook.cluster.compare.Experiments;
import io.brokerbook.cluster.compare.LabSystems;
import io.brokerbook.cluster.compare.Latency;
import io.brokerbook.cluster.compare.MessagingSystem;
import io.brokerbook.cluster.compare.Stamp;
import io.brokerbook.cluster.compare.Throughput;
import io.brokerbook.cluster.process.ExecutableOnPath;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the experiment harness costs: scenario (a), one producer to one consumer, N messages of 100 B, through
 * {@link Experiments#throughput}, and scenario (b), latency p50 / p99 at a fixed rate through
 * {@link Experiments#latency}, each next to the same client library in a bare loop on the same server with the same
 * client and delivery settings ({@link BareClients}): the same connections, acks, persistence and prefetch, channels
 * named like the harness's (a NATS subject half as long is measurably less work per message), the latency loop
 * sending the same stamped payloads ({@link Stamp}) at the same pace ({@link Experiments#paced}). Throughput is also
 * put next to the system's own tool where one is installed here, publishing while the bare subscriber counts:
 * {@code redis-benchmark} (1 client, no pipelining: as the harness publishes) for Redis pub/sub and Streams, Kafka's
 * ProducerPerformance ({@code acks=all linger.ms=0}, as the harness's producer) for Kafka, {@code mosquitto_pub
 * --repeat} (Debian's mosquitto-clients) for MQTT; RabbitMQ's PerfTest has a benchmark of its own, and NATS has no
 * tool here (one line says why). Every side is timed alike: from the first send (the tool's launch) to the last
 * arrival, the subscriber attached before the clock starts ({@link SideBySide}: a warm-up round, then medians, the
 * order rotating). The harness must cost under 10%: harness / bare above 0.90 for throughput, below 1.10 for latency.
 * Each ratio is printed twice: of the two medians, and the median of each round's ratio ("per round"), the two runs
 * of a round being next to each other in time: on a machine shared with other work the load moves from round to
 * round, and the per-round ratio is the one that load does not move (see {@link SideBySide.Results#pairedRatio}).
 * <p>
 * Usage: {@code ./bench.sh compare [messages per run, default 100000] [rounds, default 3] [systems, default all:
 * rabbitmq,redis-pubsub,redis-streams,kafka,nats,jetstream,mqtt0,mqtt1] [-Dbench.latencyMessages=2000]
 * [-Dbench.rate=1000]}.
 */
public final class HarnessBenchmark {
    private static final int PAYLOAD_BYTES = 100;

    /** A tool of the system's own publishing {@code n} messages of {@code body} to {@code channel} on {@code address}. */
    interface Tool {
        void publish(String address, String channel, int n, String body) throws Exception;
    }

    /** {@code toolName} null: {@code noTool} says in one line why the system has no tool of its own here. */
    private record Entry(Function<Path, MessagingSystem> start, Kind bare, String toolName, Tool tool, String noTool) {
        Entry(Function<Path, MessagingSystem> start, Kind bare, String toolName, Tool tool) {
            this(start, bare, toolName, tool, null);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int latencyMessages = Integer.getInteger("bench.latencyMessages", 2000);
        int rate = Integer.getInteger("bench.rate", 1000);
        boolean redisBenchmark = ExecutableOnPath.find("redis-benchmark", null).isPresent();
        boolean mosquittoPub = ExecutableOnPath.find("mosquitto_pub", null).isPresent();
        String noMosquittoPub = "mosquitto_pub is not installed (apt-get install -y mosquitto-clients): MQTT runs without it";
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put("rabbitmq", new Entry(LabSystems::rabbitmq, BareClients::rabbit, null, null,
            "RabbitMQ's own tool, PerfTest, is beside the lab's binding in ./bench.sh rabbitmq"));
        entries.put("redis-pubsub", new Entry(LabSystems::redisPubSub, BareClients::redisPubSub,
            redisBenchmark ? "redis-benchmark PUBLISH" : null, (a, ch, count, body) -> redisBenchmark(a, count, "PUBLISH", ch, body)));
        entries.put("redis-streams", new Entry(LabSystems::redisStreams, BareClients::redisStreams,
            redisBenchmark ? "redis-benchmark XADD" : null, (a, ch, count, body) -> redisBenchmark(a, count, "XADD", ch, "*", "payload", body)));
        entries.put("kafka", new Entry(LabSystems::kafka, BareClients::kafka, "ProducerPerformance", HarnessBenchmark::producerPerformance));
        String noNatsBench = "no tool of NATS's own here: `nats bench` is the nats CLI (natscli), which Debian does not"
            + " package and whose Go version Debian's Go cannot build; jnats' jar ships no benchmark classes";
        entries.put("nats", new Entry(LabSystems::natsCore, BareClients::nats, null, null, noNatsBench));
        entries.put("jetstream", new Entry(LabSystems::jetStream, BareClients::jetStream, null, null, noNatsBench));
        for (int qos = 0; qos <= 1; qos++) {
            int q = qos;
            entries.put("mqtt" + q, new Entry(w -> LabSystems.mqtt(w, q), BareClients.mqtt(q),
                mosquittoPub ? "mosquitto_pub" : null, (a, topic, count, body) -> mosquittoPub(a, topic, count, body, q),
                mosquittoPub ? null : noMosquittoPub));
        }
        List<String> chosen = args.length > 2 ? List.of(args[2].split(",")) : List.copyOf(entries.keySet());
        for (String key : chosen) {
            if (!entries.containsKey(key)) {
                System.err.println("HarnessBenchmark: unknown system " + key + "; choose among " + String.join(",", entries.keySet()));
                System.exit(2);
            }
        }
        SideBySide.printEnvironment("HarnessBenchmark");
        System.out.printf("(a) throughput, 1 producer -> 1 consumer, %d x %d B per round (warm-up: a fifth);"
            + " (b) latency, %d x %d B at %d msg/s per round%n", n, PAYLOAD_BYTES, latencyMessages, PAYLOAD_BYTES, rate);
        if (!redisBenchmark) {
            System.out.println("redis-benchmark is not installed (apt-get install -y redis-tools): Redis runs without it");
        }
        if (!mosquittoPub) {
            System.out.println(noMosquittoPub);
        }
        Path work = Files.createTempDirectory("harness-bench");
        List<String> summary = new ArrayList<>();
        try {
            for (String key : chosen) {
                compare(work.resolve(key), entries.get(key), n, latencyMessages, rate, rounds, summary);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("%nSUMMARY (medians, msg/s; load now %s)%n", SideBySide.loadAverage());
        summary.forEach(System.out::println);
    }

    private static void compare(Path dir, Entry entry, int n, int latencyMessages, int rate, int rounds,
                                List<String> summary) {
        try (MessagingSystem system = entry.start().apply(dir)) {
            String harness = system.name() + " harness";
            String loop = system.name() + " bare loop";
            SideBySide sides = new SideBySide(system.name() + " on " + system.address(), SideBySide.Metric.higher("", "msg/s"))
                .side(harness, round -> {
                    Throughput t = Experiments.throughput(system, size(n, round), PAYLOAD_BYTES);
                    if (!t.receivedEverything()) {
                        throw new SideBySide.Incomplete(t.received() + " of " + t.published() + " received");
                    }
                    return new double[] {t.messagesPerSecond()};
                })
                .side(loop, round -> {
                    int count = size(n, round);
                    try (Session session = entry.bare().open(system.address(), "exp.bare-thr-" + round.id(), count, false)) {
                        long start = System.nanoTime();
                        session.produce(count, payload());
                        return new double[] {session.rate(count, start)};
                    }
                });
            String tool = entry.toolName() == null ? null : system.name() + " " + entry.toolName();
            if (tool != null) {
                sides.side(tool, round -> {
                    int count = size(n, round);
                    try (Session session = entry.bare().open(system.address(), "exp.bare-tool-" + round.id(), count, false)) {
                        long start = System.nanoTime();
                        entry.tool().publish(system.address(), session.channel(), count, payload());
                        return new double[] {session.rate(count, start)};
                    }
                });
            }
            SideBySide.Results results = sides.run(1, rounds)
                .printRatios("harness cost", harness, loop, "(must stay above 0.90)");
            String line = String.format(java.util.Locale.ROOT, "  %-16s harness %9.0f  bare %9.0f  harness/bare %.2f"
                    + " (per round %.2f)", system.name(), results.median(harness, 0), results.median(loop, 0),
                results.ratio(harness, loop, 0), results.pairedRatio(harness, loop, 0));
            if (tool != null) {
                results.printRatios("harness vs tool", harness, tool, "");
                line += String.format(java.util.Locale.ROOT, "  %s %9.0f  harness/tool %.2f", entry.toolName(),
                    results.median(tool, 0), results.ratio(harness, tool, 0));
            }
            if (entry.noTool() != null) {
                System.out.println("   " + entry.noTool());
                line += "  (" + entry.noTool() + ")";
            }
            summary.add(line);
            summary.add(latency(system, entry.bare(), latencyMessages, rate, rounds));
        } catch (RuntimeException e) {
            System.out.println("   " + entry + " could not run: " + SideBySide.oneLine(e));
            summary.add("  could not run: " + SideBySide.oneLine(e));
        }
    }

    /** (b) through the harness next to the bare loop sending the same stamped payloads at the same pace. */
    private static String latency(MessagingSystem system, Kind bare, int count, int rate, int rounds) {
        String harness = system.name() + " harness";
        String loop = system.name() + " bare loop";
        SideBySide.Results results = new SideBySide(system.name() + " latency (b), " + count + " at " + rate + " msg/s",
            SideBySide.Metric.lower("p50", "us"), SideBySide.Metric.lower("p99", "us"))
            .side(harness, round -> {
                Latency l = Experiments.latency(system, rate, count, PAYLOAD_BYTES);
                if (!l.receivedEverything()) {
                    throw new SideBySide.Incomplete(l.received() + " of " + l.published() + " received");
                }
                return new double[] {l.p50Micros(), l.p99Micros()};
            })
            .side(loop, round -> {
                try (Session session = bare.open(system.address(), "exp.bare-lat-" + round.id(), count, true)) {
                    Exception[] failed = new Exception[1];
                    Experiments.paced(rate, count, () -> {
                        try {
                            session.send(Stamp.payload(System.nanoTime(), PAYLOAD_BYTES));
                        } catch (Exception e) {
                            failed[0] = e;
                        }
                    });
                    if (failed[0] != null) {
                        throw failed[0];
                    }
                    session.flush();
                    Latency l = Latency.of(loop, rate, count, session.arrivals().latencies(count));
                    return new double[] {l.p50Micros(), l.p99Micros()};
                }
            })
            .run(1, rounds)
            .printRatios("harness latency", harness, loop, "(must stay below 1.10)");
        return String.format(java.util.Locale.ROOT, "  %-16s latency p50 harness %7.0f us  bare %7.0f us  harness/bare %.2f"
                + " (per round %.2f);  p99 harness %7.0f us  bare %7.0f us  harness/bare %.2f (per round %.2f)", system.name(),
            results.median(harness, 0), results.median(loop, 0), results.ratio(harness, loop, 0), results.pairedRatio(harness, loop, 0),
            results.median(harness, 1), results.median(loop, 1), results.ratio(harness, loop, 1), results.pairedRatio(harness, loop, 1));
    }

    private static int size(int n, SideBySide.Round round) {
        return round.warmUp() ? Math.max(1, n / 5) : n;
    }

    private static String payload() {
        return "x".repeat(PAYLOAD_BYTES);
    }

    /** redis-benchmark: one client, no pipelining, {@code n} times the command; fails unless it exits 0. */
    private static void redisBenchmark(String address, int n, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("redis-benchmark", "-h", address.substring(0, address.lastIndexOf(':')),
            "-p", address.substring(address.lastIndexOf(':') + 1), "-c", "1", "-P", "1", "-n", Integer.toString(n), "-q"));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new SideBySide.Incomplete("redis-benchmark failed: " + out.strip());
        }
    }

    /**
     * mosquitto_pub (Debian's mosquitto-clients) sending {@code body} {@code n} times at {@code qos} ({@code --repeat}):
     * the class's own broker's own client; it fails unless it exits 0.
     */
    private static void mosquittoPub(String address, String topic, int n, String body, int qos) throws Exception {
        List<String> argv = List.of("mosquitto_pub", "-h", address.substring(0, address.lastIndexOf(':')),
            "-p", address.substring(address.lastIndexOf(':') + 1), "-t", topic, "-q", Integer.toString(qos),
            "-m", body, "--repeat", Integer.toString(n));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new SideBySide.Incomplete("mosquitto_pub failed: " + out.strip());
        }
    }

    /** Kafka's ProducerPerformance with the harness producer's settings (acks=all, linger.ms=0). */
    private static void producerPerformance(String bootstrap, String topic, int n, String body) throws Exception {
        KafkaPerfTools.producerPerformance(bootstrap, topic, n, body.length(), "acks=all", "linger.ms=0");
    }
}
