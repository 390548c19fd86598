package io.brokerbook.bench;

import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisServerOptions;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SET and GET operations per second through the lab's client paths ({@code RedisLab.jedis()}, used by Java cells and
 * the cache helper; {@code RedisLab.execute()}, used by {@code %redis}) next to Debian's {@code redis-benchmark}
 * against the same server in the same run, at the same concurrency ({@link SideBySide}: a warm-up round, the order
 * rotating, failed rounds counted on their side). Both sides are timed alike, SET and GET separately: the lab side
 * from connecting ({@code RedisLab.connect}) to after close, redis-benchmark from launching it to its exit (its own
 * figures leave out connecting). Same key and 3-byte value as redis-benchmark's defaults.
 * <p>
 * Usage: {@code RedisBenchmark [requests per test, default 100000] [runs, default 3]}.
 */
public final class RedisBenchmark {
    private static final String KEY = "key:__rand_int__"; // redis-benchmark's key without -r
    private static final String VALUE = "xxx";            // redis-benchmark's default 3-byte value
    private static final int PIPELINE = 16;
    private static final SideBySide.Metric[] SET_GET = {SideBySide.Metric.higher("SET", "ops/s"),
        SideBySide.Metric.higher("GET", "ops/s")};

    /** What one lab thread does {@code count} times (or in batches of {@link #PIPELINE}) on a connected client. */
    interface Work {
        void run(RedisLab client, int count) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path tool = onPath("redis-benchmark");
        if (tool == null) {
            System.err.println("redis-benchmark is the reference for this benchmark and is not installed:"
                + " apt-get install -y redis-tools");
            System.exit(1);
        }
        SideBySide.printEnvironment("RedisBenchmark");
        Path work = Files.createTempDirectory("redis-bench");
        try (RedisLab lab = RedisLab.start(RedisServerOptions.defaults().withWorkDir(work))) {
            String url = lab.url();
            int port = lab.port();
            System.out.printf("Redis %s from %s on %s:%d; %d requests per test (warm-up rounds: a fifth)%n",
                lab.version(), lab.binary().orElseThrow().executable(), lab.host(), port, n);

            new SideBySide("50 clients", SET_GET)
                .side("lab jedis(), 50 threads", round -> lab(url, size(n, round), 50,
                    (c, k) -> loop(k, () -> c.jedis().set(KEY, VALUE)), (c, k) -> loop(k, () -> c.jedis().get(KEY))))
                .side("redis-benchmark -c 50", round -> redisBenchmark(tool, port, size(n, round), "-c", "50"))
                .run(1, runs)
                .printRatios("jedis 50 threads", "lab jedis(), 50 threads", "redis-benchmark -c 50", "");

            new SideBySide("1 client", SET_GET)
                .side("lab jedis(), 1 thread", round -> lab(url, size(n, round), 1,
                    (c, k) -> loop(k, () -> c.jedis().set(KEY, VALUE)), (c, k) -> loop(k, () -> c.jedis().get(KEY))))
                .side("lab execute() (%redis path)", round -> lab(url, size(n, round), 1,
                    (c, k) -> loop(k, () -> c.execute(List.of("SET", KEY, VALUE))),
                    (c, k) -> loop(k, () -> c.execute(List.of("GET", KEY)))))
                .side("redis-benchmark -c 1", round -> redisBenchmark(tool, port, size(n, round), "-c", "1"))
                .run(1, runs)
                .printRatios("jedis 1 thread", "lab jedis(), 1 thread", "redis-benchmark -c 1", "")
                .printRatios("%redis path", "lab execute() (%redis path)", "redis-benchmark -c 1", "");

            // 10x the requests: pipelines are fast, and redis-benchmark's launch-to-exit time must stay small next to them
            int pipelined = 10 * n;
            new SideBySide("1 client, pipelines of " + PIPELINE + ", " + pipelined + " requests per test", SET_GET)
                .side("lab jedis() pipelined", round -> lab(url, size(pipelined, round), 1,
                    (c, k) -> pipelined(c.jedis(), k, p -> p.set(KEY, VALUE)),
                    (c, k) -> pipelined(c.jedis(), k, p -> p.get(KEY))))
                .side("redis-benchmark -c 1 -P 16", round -> redisBenchmark(tool, port, size(pipelined, round),
                    "-c", "1", "-P", Integer.toString(PIPELINE)))
                .run(1, runs)
                .printRatios("pipelined", "lab jedis() pipelined", "redis-benchmark -c 1 -P 16", "");

            new SideBySide("what launching costs: 1 SET and 1 GET per test, timed as above", SideBySide.Metric.lower("SET", "s"),
                SideBySide.Metric.lower("GET", "s"))
                .side("lab connect + 1 request + close", round -> invert(lab(url, 1, 1,
                    (c, k) -> loop(k, () -> c.jedis().set(KEY, VALUE)), (c, k) -> loop(k, () -> c.jedis().get(KEY)))))
                .side("redis-benchmark -n 1", round -> invert(redisBenchmark(tool, port, 1, "-c", "1")))
                .run(1, runs);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** ops/s of one operation -> seconds it took. */
    private static double[] invert(double[] opsPerSecond) {
        return Arrays.stream(opsPerSecond).map(v -> 1 / v).toArray();
    }

    private static int size(int n, SideBySide.Round round) {
        return round.warmUp() ? Math.max(PIPELINE, n / 5) : n;
    }

    interface Call {
        void call() throws Exception;
    }

    private static void loop(int count, Call call) throws Exception {
        for (int i = 0; i < count; i++) {
            call.call();
        }
    }

    interface Queue {
        void add(AbstractPipeline p);
    }

    private static void pipelined(RedisClient jedis, int count, Queue queue) {
        for (int i = 0; i < count; i += PIPELINE) {
            try (AbstractPipeline p = jedis.pipelined()) {
                for (int j = 0; j < PIPELINE && i + j < count; j++) {
                    queue.add(p);
                }
                p.sync();
            }
        }
    }

    /** {SET, GET} ops/s: {@code n} of each spread over {@code threads} threads, each test on a client of its own. */
    private static double[] lab(String url, int n, int threads, Work set, Work get) throws Exception {
        return new double[] {clocked(url, n, threads, set), clocked(url, n, threads, get)};
    }

    /** ops/s from connecting a new client to after its close, threads started inside the clock. */
    private static double clocked(String url, int n, int threads, Work work) throws Exception {
        CountDownLatch done = new CountDownLatch(threads);
        Throwable[] failure = new Throwable[1];
        long t0 = System.nanoTime();
        try (RedisLab client = RedisLab.connect(url)) {
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                new Thread(() -> {
                    try {
                        work.run(client, share);
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = failure[0] == null ? e : failure[0];
                        }
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            done.await();
        }
        long elapsed = System.nanoTime() - t0;
        synchronized (failure) {
            if (failure[0] instanceof Exception e) {
                throw e;
            } else if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
        }
        return n / (elapsed / 1e9);
    }

    /** {SET, GET} ops/s of {@code redis-benchmark -n N -q} with {@code extra} flags: one process per test, launch to exit. */
    private static double[] redisBenchmark(Path tool, int port, int n, String... extra) throws Exception {
        return new double[] {redisBenchmarkTest(tool, port, n, "set", extra), redisBenchmarkTest(tool, port, n, "get", extra)};
    }

    private static double redisBenchmarkTest(Path tool, int port, int n, String test, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
            "-t", test, "-n", Integer.toString(n), "-q"));
        cmd.addAll(Arrays.asList(extra));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new SideBySide.Incomplete("redis-benchmark -t " + test + " did not finish in 10 minutes");
        }
        long elapsed = System.nanoTime() - t0;
        // -q prints one "SET: 123456.79 requests per second, p50=..." line per test, after the test completed
        String done = test.toUpperCase() + ": ";
        boolean completed = Arrays.stream(out.split("[\r\n]+")).anyMatch(l -> l.strip().startsWith(done)
            && l.contains("requests per second"));
        if (p.exitValue() != 0 || !completed) {
            throw new SideBySide.Incomplete("redis-benchmark -t " + test + " exited " + p.exitValue() + ": "
                + out.strip().lines().reduce((a, b) -> b).orElse("(no output)"));
        }
        return n / (elapsed / 1e9);
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
