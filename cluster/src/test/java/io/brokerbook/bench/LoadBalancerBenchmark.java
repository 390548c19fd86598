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
 * Requests/s and p50/p99 latency of GET / on a whoami replica, through the proxy and direct to
 * the same replica, alternating in the same run; medians of several runs and the proxy's
 * overhead as ratios. Clients are keep-alive HTTP/1.1 connections, one per client thread.
 * Last, the cost of one hop with the proxy's raw-socket client vs java.net.http.HttpClient.
 * Args: [runs=5] [secondsPerRun=2] [concurrency list=1,4].
 */
public final class LoadBalancerBenchmark {
    private record Result(double rps, double p50Micros, double p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int[] concurrencies = Arrays.stream((args.length > 2 ? args[2] : "1,4").split(","))
            .mapToInt(Integer::parseInt).toArray();
        try (LoadBalancerLab lab = new LoadBalancerLab()) {
            lab.start(0, 0);
            List<DemoReplica> replicas = lab.run("whoami", 1, "traefik.enable=true",
                "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)");
            InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", lab.port());
            InetSocketAddress direct = replicas.get(0).address();
            System.out.printf("LoadBalancerBenchmark: GET / whoami, 1 replica, %d runs x %.1f s per mode, JDK %s, %d cpus%n",
                runs, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
            measure(proxy, direct, 1, 0.5);
            for (int c : concurrencies) {
                List<Result> viaProxy = new ArrayList<>();
                List<Result> straight = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    straight.add(measure(direct, direct, c, seconds));
                    viaProxy.add(measure(proxy, direct, c, seconds));
                }
                Result d = median(straight);
                Result p = median(viaProxy);
                System.out.printf("concurrency %d%n", c);
                System.out.printf("  direct  %9.0f req/s  p50 %7.0f us  p99 %7.0f us%n", d.rps(), d.p50Micros(), d.p99Micros());
                System.out.printf("  proxy   %9.0f req/s  p50 %7.0f us  p99 %7.0f us%n", p.rps(), p.p50Micros(), p.p99Micros());
                System.out.printf("  overhead: throughput x%.2f lower, p50 x%.2f, p99 x%.2f (medians of %d runs)%n",
                    d.rps() / p.rps(), p.p50Micros() / d.p50Micros(), p.p99Micros() / d.p99Micros(), runs);
            }
            // Why the proxy forwards with a raw-socket client: cost of one loopback hop with each client.
            List<Result> raw = new ArrayList<>();
            List<Result> jdk = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                raw.add(measure(direct, direct, 1, seconds));
                jdk.add(measureJdkClient(direct, seconds));
            }
            Result r = median(raw);
            Result j = median(jdk);
            System.out.printf("backend client, direct, concurrency 1%n");
            System.out.printf("  raw socket client       %9.0f req/s  p50 %7.0f us  p99 %7.0f us%n", r.rps(), r.p50Micros(), r.p99Micros());
            System.out.printf("  java.net.http.HttpClient %8.0f req/s  p50 %7.0f us  p99 %7.0f us%n", j.rps(), j.p50Micros(), j.p99Micros());
            System.out.printf("  raw client p50 is x%.2f of HttpClient's%n", r.p50Micros() / j.p50Micros());
        }
    }

    /** {@code clients} threads each sending GET / in a loop for {@code seconds}. */
    private static Result measure(InetSocketAddress target, InetSocketAddress direct, int clients, double seconds)
        throws Exception {
        String host = target.equals(direct) ? "127.0.0.1:" + direct.getPort() : "whoami.localhost";
        HttpRequestData get = HttpRequestData.get(host, "/");
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
                try (Http1Client client = new Http1Client(Duration.ofSeconds(2))) {
                    int n = 0;
                    while (System.nanoTime() < end && n < lat.length) {
                        long s = System.nanoTime();
                        HttpReply r = client.send(target, get, Duration.ofSeconds(10));
                        lat[n++] = System.nanoTime() - s;
                        if (r.status() != 200) {
                            throw new IllegalStateException("HTTP " + r.status());
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

    private static Result measureJdkClient(InetSocketAddress direct, double seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + direct.getPort() + "/")).GET().build();
        long[] lat = new long[2_000_000];
        int n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end && n < lat.length) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            lat[n++] = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.copyOf(lat, n);
        Arrays.sort(all);
        return new Result(n / elapsed, all[n / 2] / 1e3, all[(int) Math.min(n - 1, n * 0.99)] / 1e3);
    }

    private static Result median(List<Result> results) {
        double[] rps = results.stream().mapToDouble(Result::rps).sorted().toArray();
        double[] p50 = results.stream().mapToDouble(Result::p50Micros).sorted().toArray();
        double[] p99 = results.stream().mapToDouble(Result::p99Micros).sorted().toArray();
        int m = results.size() / 2;
        return new Result(rps[m], p50[m], p99[m]);
    }
}
