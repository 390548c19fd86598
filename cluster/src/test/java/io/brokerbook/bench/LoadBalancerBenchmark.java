package io.brokerbook.bench;

import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.Http1Client;
import io.brokerbook.cluster.lb.HttpReply;
import io.brokerbook.cluster.lb.HttpRequestData;
import io.brokerbook.cluster.lb.LoadBalancerLab;

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
 * closed inside each run. Ratios: ours/nginx and proxy/direct. Last, the cost of one hop with the proxy's raw-socket
 * client vs java.net.http.HttpClient.
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
        try (LoadBalancerLab lab = new LoadBalancerLab()) {
            lab.start(0, 0);
            List<DemoReplica> replicas = lab.run("whoami", replicaCount, "traefik.enable=true",
                "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)");
            List<InetSocketAddress> direct = replicas.stream().map(DemoReplica::address).toList();
            List<InetSocketAddress> proxy = List.of(new InetSocketAddress("127.0.0.1", lab.port()));
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
            // Why the proxy forwards with a raw-socket client: cost of one loopback hop with each client.
            InetSocketAddress one = direct.get(0);
            new SideBySide("backend client, direct to one replica, concurrency 1", metrics)
                .side("raw socket client", round -> measure(List.of(one), null, 1, seconds).values())
                .side("java.net.http.HttpClient", round -> measureJdkClient(one, seconds).values())
                .run(1, runs)
                .printRatios("raw/HttpClient", "raw socket client", "java.net.http.HttpClient", "");
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
            HttpRequestData get = HttpRequestData.get(host != null ? host : "127.0.0.1:" + target.getPort(), "/");
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                    done.countDown();
                    return;
                }
                try (Http1Client client = new Http1Client(Duration.ofSeconds(2))) {
                    int n = 0;
                    while ((n == 0 || System.nanoTime() < end[0]) && n < lat.length) { // at least one request each
                        long s = System.nanoTime();
                        HttpReply r = client.send(target, get, Duration.ofSeconds(10));
                        lat[n++] = System.nanoTime() - s;
                        if (r.status() != 200) {
                            throw new SideBySide.Incomplete("HTTP " + r.status() + " after " + (n - 1) + " good replies");
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

    private static Result measureJdkClient(InetSocketAddress direct, double seconds) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + direct.getPort() + "/")).GET().build();
        long[] lat = new long[2_000_000];
        int n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // inside the clock, as above
        while ((n == 0 || System.nanoTime() < end) && n < lat.length) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            lat[n++] = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new SideBySide.Incomplete("HTTP " + r.statusCode());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (n == 0) {
            throw new SideBySide.Incomplete("no reply in " + seconds + " s");
        }
        long[] all = Arrays.copyOf(lat, n);
        Arrays.sort(all);
        return new Result(n / elapsed, all[n / 2] / 1e3, all[(int) Math.min(n - 1, n * 0.99)] / 1e3);
    }
}
