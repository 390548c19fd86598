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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET/SET operations per second through the lab's client paths ({@code RedisLab.jedis()}, used
 * by Java cells and the cache helper; {@code RedisLab.execute()}, used by {@code %redis}) next to
 * Debian's {@code redis-benchmark} against the same server in the same run. Medians of several
 * runs; each lab figure is compared with the redis-benchmark setting of the same concurrency.
 * <p>
 * Usage: {@code RedisBenchmark [requests per test, default 100000] [runs, default 3]}.
 */
public final class RedisBenchmark {
    private static final String KEY = "key:__rand_int__"; // redis-benchmark's key without -r
    private static final String VALUE = "xxx";            // redis-benchmark's default 3-byte value
    private static final int CLIENTS = 50;                 // redis-benchmark's default -c
    private static final int PIPELINE = 16;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("redis-bench");
        Path benchmarkTool = onPath("redis-benchmark");
        try (RedisLab lab = RedisLab.start(RedisServerOptions.defaults().withWorkDir(work))) {
            System.out.printf("Redis %s from %s on %s:%d; %d requests per test, median of %d runs (ops/s)%n",
                lab.version(), lab.binary().orElseThrow().executable(), lab.host(), lab.port(), n, runs);
            if (benchmarkTool == null) {
                System.out.println("redis-benchmark not found on PATH (apt-get install -y redis-tools): lab figures only.");
            }
            RedisClient jedis = lab.jedis();
            warmUp(lab, jedis, Math.min(n, 20_000));

            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                if (benchmarkTool != null) {
                    add(results, "redis-benchmark -c 50", redisBenchmark(benchmarkTool, lab.port(), n, "-c", "50"));
                }
                add(results, "lab jedis(), 50 threads", threaded(jedis, n, CLIENTS));
                if (benchmarkTool != null) {
                    add(results, "redis-benchmark -c 1", redisBenchmark(benchmarkTool, lab.port(), n, "-c", "1"));
                }
                add(results, "lab jedis(), 1 thread", threaded(jedis, n, 1));
                add(results, "lab execute() (%redis path), 1 thread", viaExecute(lab, n));
                if (benchmarkTool != null) {
                    add(results, "redis-benchmark -c 1 -P 16", redisBenchmark(benchmarkTool, lab.port(), n,
                        "-c", "1", "-P", Integer.toString(PIPELINE)));
                }
                add(results, "lab jedis() pipelined 16, 1 thread", pipelined(jedis, n));
            }

            Map<String, double[]> medians = new LinkedHashMap<>();
            results.forEach((k, v) -> medians.put(k, new double[] {median(v, 0), median(v, 1)}));
            System.out.printf("%-42s %12s %12s%n", "", "SET", "GET");
            medians.forEach((k, v) -> System.out.printf("%-42s %12.0f %12.0f%n", k, v[0], v[1]));
            if (benchmarkTool != null) {
                ratio(medians, "lab jedis(), 50 threads", "redis-benchmark -c 50");
                ratio(medians, "lab jedis(), 1 thread", "redis-benchmark -c 1");
                ratio(medians, "lab execute() (%redis path), 1 thread", "redis-benchmark -c 1");
                ratio(medians, "lab jedis() pipelined 16, 1 thread", "redis-benchmark -c 1 -P 16");
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void add(Map<String, List<double[]>> results, String name, double[] setGet) {
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(setGet);
    }

    private static void ratio(Map<String, double[]> m, String lab, String tool) {
        double[] a = m.get(lab);
        double[] b = m.get(tool);
        System.out.printf("ratio %-36s SET %.2f  GET %.2f   (vs %s)%n", lab, a[0] / b[0], a[1] / b[1], tool);
    }

    private static double median(List<double[]> values, int index) {
        double[] v = values.stream().mapToDouble(a -> a[index]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void warmUp(RedisLab lab, RedisClient jedis, int n) throws Exception {
        threaded(jedis, n, 1);
        threaded(jedis, n, 4);
        pipelined(jedis, n);
        viaExecute(lab, n / 4);
    }

    /** {@code n} SETs then {@code n} GETs spread over {@code threads} threads; ops/s of each. */
    static double[] threaded(RedisClient jedis, int n, int threads) throws InterruptedException {
        double set = timed(n, threads, count -> {
            for (int i = 0; i < count; i++) {
                jedis.set(KEY, VALUE);
            }
        });
        double get = timed(n, threads, count -> {
            for (int i = 0; i < count; i++) {
                jedis.get(KEY);
            }
        });
        return new double[] {set, get};
    }

    static double[] viaExecute(RedisLab lab, int n) throws InterruptedException {
        List<String> set = List.of("SET", KEY, VALUE);
        List<String> get = List.of("GET", KEY);
        double s = timed(n, 1, count -> {
            for (int i = 0; i < count; i++) {
                lab.execute(set);
            }
        });
        double g = timed(n, 1, count -> {
            for (int i = 0; i < count; i++) {
                lab.execute(get);
            }
        });
        return new double[] {s, g};
    }

    static double[] pipelined(RedisClient jedis, int n) throws InterruptedException {
        double set = timed(n, 1, count -> {
            for (int i = 0; i < count; i += PIPELINE) {
                try (AbstractPipeline p = jedis.pipelined()) {
                    for (int j = 0; j < PIPELINE && i + j < count; j++) {
                        p.set(KEY, VALUE);
                    }
                    p.sync();
                }
            }
        });
        double get = timed(n, 1, count -> {
            for (int i = 0; i < count; i += PIPELINE) {
                try (AbstractPipeline p = jedis.pipelined()) {
                    for (int j = 0; j < PIPELINE && i + j < count; j++) {
                        p.get(KEY);
                    }
                    p.sync();
                }
            }
        });
        return new double[] {set, get};
    }

    interface Work {
        void run(int count) throws Exception;
    }

    private static double timed(int n, int threads, Work work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int share = n / threads + (t < n % threads ? 1 : 0);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    work.run(share);
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
            th.start();
            all.add(th);
        }
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - t0;
        if (failure[0] != null) {
            throw new IllegalStateException("benchmark thread failed", failure[0]);
        }
        return n / (elapsed / 1e9);
    }

    private static final Pattern RPS = Pattern.compile("^(SET|GET): ([0-9.]+) requests per second");

    /** Runs {@code redis-benchmark -t set,get -n N -q} with {@code extra} flags; {SET, GET} ops/s. */
    static double[] redisBenchmark(Path tool, int port, int n, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
            "-t", "set,get", "-n", Integer.toString(n), "-q"));
        cmd.addAll(Arrays.asList(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-benchmark failed: " + out);
        }
        double[] r = {Double.NaN, Double.NaN};
        for (String line : out.split("[\r\n]+")) {
            Matcher m = RPS.matcher(line.trim());
            if (m.find()) {
                r[m.group(1).equals("SET") ? 0 : 1] = Double.parseDouble(m.group(2));
            }
        }
        if (Double.isNaN(r[0]) || Double.isNaN(r[1])) {
            throw new IllegalStateException("Cannot read redis-benchmark output: " + out);
        }
        return r;
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
