package io.brokerbook.bench;

import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.LoopbackHttp;
import io.brokerbook.cluster.lb.ReplicaKind;
import io.brokerbook.cluster.lb.ServiceFleet;
import io.brokerbook.cluster.lb.TraefikLabels;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests/s and p50/p99 latency of GET / on a whoami replica, through the proxy and direct to
 * the same replica, alternating in the same run; medians of several runs and the proxy's
 * overhead as ratios. The load comes from the JDK's blocking HttpURLConnection (keep-alive, one
 * connection per client thread), which is not what the proxy uses, so the figures compare
 * proxy versions fairly.
 * Args: [runs=5] [secondsPerRun=2] [concurrency list=1,4].
 */
public final class LoadBalancerBenchmark {
    private record Result(double rps, double p50Micros, double p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        // HttpURLConnection only sends a Host header of our choosing with this (read when its class loads).
        System.setProperty("sun.net.http.allowRestrictedHeaders", "true");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int[] concurrencies = Arrays.stream((args.length > 2 ? args[2] : "1,4").split(","))
            .mapToInt(Integer::parseInt).toArray();
        try (ServiceFleet fleet = new ServiceFleet();
             LoopbackHttp http = new LoopbackHttp(Duration.ofSeconds(1), "lb-http");
             LoadBalancer lb = LoadBalancer.start(LoadBalancer.Options.of(fleet.registry(), http)
                 .withPort(0).withDashboardPort(0))) {
            List<DemoReplica> replicas = fleet.run("whoami", 1, ReplicaKind.WHOAMI, Duration.ZERO,
                TraefikLabels.of("traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)"));
            URL proxy = new URL(lb.url() + "/");
            URL direct = new URL(replicas.get(0).url() + "/");
            System.out.printf("LoadBalancerBenchmark: GET / whoami, 1 replica, %d runs x %.1f s per mode, JDK %s, %d cpus%n",
                runs, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
            measure(proxy, "whoami.localhost", 1, 0.5);
            for (int c : concurrencies) {
                List<Result> viaProxy = new ArrayList<>();
                List<Result> straight = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    straight.add(measure(direct, direct.getAuthority(), c, seconds));
                    viaProxy.add(measure(proxy, "whoami.localhost", c, seconds));
                }
                Result d = median(straight);
                Result p = median(viaProxy);
                System.out.printf("concurrency %d%n", c);
                System.out.printf("  direct  %9.0f req/s  p50 %7.0f us  p99 %7.0f us%n", d.rps(), d.p50Micros(), d.p99Micros());
                System.out.printf("  proxy   %9.0f req/s  p50 %7.0f us  p99 %7.0f us%n", p.rps(), p.p50Micros(), p.p99Micros());
                System.out.printf("  overhead: throughput x%.2f lower, p50 x%.2f, p99 x%.2f (medians of %d runs)%n",
                    d.rps() / p.rps(), p.p50Micros() / d.p50Micros(), p.p99Micros() / d.p99Micros(), runs);
            }
        }
    }

    /** {@code clients} threads each sending GET / in a loop for {@code seconds}. */
    private static Result measure(URL url, String host, int clients, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            long[] lat = new long[2_000_000];
            perThread.add(lat);
            int idx = t;
            threads.add(new Thread(() -> {
                try {
                    int n = 0;
                    while ((n == 0 || System.nanoTime() < end) && n < lat.length) { // at least one, however slow
                        long s = System.nanoTime();
                        int status = get(url, host);
                        lat[n++] = System.nanoTime() - s;
                        if (status != 200) {
                            throw new IllegalStateException("HTTP " + status);
                        }
                    }
                    counts[idx] = n;
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perThread.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[(int) (total * 0.50)] / 1e3, all[(int) Math.min(total - 1, total * 0.99)] / 1e3);
    }

    /** One keep-alive GET: the body is read to the end so the connection goes back to the JDK's cache. */
    private static int get(URL url, String host) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestProperty("Host", host);
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
        return status;
    }

    private static Result median(List<Result> results) {
        double[] rps = results.stream().mapToDouble(Result::rps).sorted().toArray();
        double[] p50 = results.stream().mapToDouble(Result::p50Micros).sorted().toArray();
        double[] p99 = results.stream().mapToDouble(Result::p99Micros).sorted().toArray();
        int m = results.size() / 2;
        return new Result(rps[m], p50[m], p99[m]);
    }
}
