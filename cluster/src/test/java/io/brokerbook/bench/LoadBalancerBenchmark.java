package io.brokerbook.bench;

import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.LoopbackHttp;
import io.brokerbook.cluster.lb.ReplicaKind;
import io.brokerbook.cluster.lb.ServiceFleet;
import io.brokerbook.cluster.lb.TraefikLabels;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests/s and p50/p99 latency of GET / on whoami replicas: through our proxy, through Debian's nginx as the
 * round-robin reverse proxy a user would pick instead (same replicas), and direct to the replicas (client thread i
 * talks to replica i mod n); {@link SideBySide}: a warm-up round, the order rotating, failed rounds counted on their
 * side. All three are driven by the same keep-alive HTTP/1.1 clients, one connection per client thread, created and
 * closed inside each run. Ratios: ours/nginx and proxy/direct.
 * Args: [runs=5] [secondsPerRun=2] [concurrency list=1,4] [replicas=2].
 */
public final class LoadBalancerBenchmark {
    private static final String OURS = "our proxy";
    private static final String NGINX = "nginx";
    private static final String DIRECT = "direct";

    private record Result(double rps, double p50Micros, double p99Micros) {
        double[] values() {
            return new double[] {rps, p50Micros, p99Micros};
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int[] concurrencies = Arrays.stream((args.length > 2 ? args[2] : "1,4").split(","))
            .mapToInt(Integer::parseInt).toArray();
        int replicaCount = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        SideBySide.printEnvironment("LoadBalancerBenchmark");
        SideBySide.Metric[] metrics = {SideBySide.Metric.higher("", "req/s"), SideBySide.Metric.lower("p50", "us"),
            SideBySide.Metric.lower("p99", "us")};
        try (ServiceFleet fleet = new ServiceFleet();
             LoopbackHttp http = new LoopbackHttp(Duration.ofSeconds(1), "lb-http");
             LoadBalancer lb = LoadBalancer.start(LoadBalancer.Options.of(fleet.registry(), http)
                 .withPort(0).withDashboardPort(0))) {
            List<DemoReplica> replicas = fleet.run("whoami", replicaCount, ReplicaKind.WHOAMI, Duration.ZERO,
                TraefikLabels.of("traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)"));
            List<InetSocketAddress> direct = replicas.stream().map(DemoReplica::address).toList();
            List<InetSocketAddress> proxy = List.of(new InetSocketAddress("127.0.0.1", lb.port()));
            try (NginxProxy nginx = NginxProxy.start(direct)) {
                List<InetSocketAddress> viaNginx = List.of(nginx.address());
                System.out.printf("GET / whoami, %d replicas (round robin), %d runs x %.1f s per side%n",
                    replicaCount, runs, seconds);
                for (int c : concurrencies) {
                    SideBySide.Results r = new SideBySide("concurrency " + c + ": " + c + " keep-alive client(s)", metrics)
                        .side(OURS, round -> measure(proxy, "whoami.localhost", c, seconds).values())
                        .side(NGINX, round -> measure(viaNginx, "whoami.localhost", c, seconds).values())
                        .side(DIRECT, round -> measure(direct, null, c, seconds).values())
                        .run(1, runs);
                    r.printRatios("ours/nginx", OURS, NGINX, "");
                    r.printRatios("proxy/direct", OURS, DIRECT, "");
                    r.printRatios("nginx/direct", NGINX, DIRECT, "");
                }
            }
        }
    }

    /**
     * {@code clients} threads, thread i sending GET / to {@code targets[i mod n]} in a loop for {@code seconds}, each
     * over a keep-alive client it creates and closes inside the clock. {@code host} null: the target's own address.
     */
    private static Result measure(List<InetSocketAddress> targets, String host, int clients, double seconds)
        throws Exception {
        long[] end = new long[1]; // set once every thread exists, read after the start latch
        CountDownLatch go = new CountDownLatch(1);
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            long[] lat = new long[2_000_000];
            perThread.add(lat);
            int idx = t;
            InetSocketAddress target = targets.get(t % targets.size());
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.getPort() + "/"))
                .timeout(Duration.ofSeconds(10)).GET();
            if (host != null) {
                get.header("Host", host); // needs -Djdk.httpclient.allowRestrictedHeaders=host, as the kernel has
            }
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                    done.countDown();
                    return;
                }
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build(); // one keep-alive connection per thread
                try {
                    HttpRequest request = get.build();
                    int n = 0;
                    while ((n == 0 || System.nanoTime() < end[0]) && n < lat.length) { // at least one request each
                        long s = System.nanoTime();
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        lat[n++] = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            throw new SideBySide.Incomplete("HTTP " + r.statusCode() + " after " + (n - 1) + " good replies");
                        }
                    }
                    counts[idx] = n;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        long start = System.nanoTime();
        end[0] = start + (long) (seconds * 1e9);
        go.countDown();
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() instanceof Exception e) {
            throw e;
        } else if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        int total = Arrays.stream(counts).sum();
        if (total == 0) {
            throw new SideBySide.Incomplete("no reply in " + seconds + " s");
        }
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perThread.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[(int) (total * 0.50)] / 1e3, all[(int) Math.min(total - 1, total * 0.99)] / 1e3);
    }
}
