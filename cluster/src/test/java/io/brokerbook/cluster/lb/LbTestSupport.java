package io.brokerbook.cluster.lb;

import io.brokerbook.cluster.testing.ProcNet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** A real HTTP client (java.net.http) and a few helpers shared by the load-balancer tests. */
final class LbTestSupport {
    static final String[] WHOAMI_LABELS = {
        "traefik.enable=true",
        "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)",
        "traefik.http.routers.whoami.entrypoints=web",
        "traefik.http.services.whoami.loadbalancer.healthcheck.interval=200ms",
    };

    /** 127.0.0.1, ::ffff:127.0.0.1 and ::1 as /proc/net/tcp{,6} print them. */
    static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F",
        "00000000000000000000000001000000");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String baseUrl, String host, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Host", host)
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String baseUrl, String host, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Host", host)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static String replica(HttpResponse<?> r) {
        return r.headers().firstValue("X-Replica").orElse("?");
    }

    /** Waits for a condition, checking every 20 ms, failing after {@code max}. */
    static void await(Duration max, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + max.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Local addresses (hex, as in /proc/net/tcp{,6}) of the listening sockets on {@code port}. */
    static List<String> listeners(int port) throws IOException {
        return ProcNet.listenAddresses(port);
    }
}
