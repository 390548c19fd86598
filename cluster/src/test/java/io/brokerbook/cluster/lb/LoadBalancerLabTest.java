package io.brokerbook.cluster.lb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.brokerbook.cluster.lb.LbTestSupport.WHOAMI_LABELS;
import static io.brokerbook.cluster.lb.LbTestSupport.await;
import static io.brokerbook.cluster.lb.LbTestSupport.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadBalancerLabTest {
    private final LbTestSupport client = new LbTestSupport();
    private LoadBalancerLab lab;
    private String url;

    @BeforeEach
    void start() {
        lab = new LoadBalancerLab();
        lab.start(0, 0);
        url = lab.url();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private Map<String, Integer> send(int n, String host, String path) throws Exception {
        Map<String, Integer> byReplica = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.get(url, host, path);
            assertEquals(200, r.statusCode(), r.body());
            byReplica.merge(replica(r), 1, Integer::sum);
        }
        return byReplica;
    }

    @Test
    void thirtyRequestsSplitTenTenTenOverThreeReplicas() throws Exception {
        lab.run("whoami", 3, WHOAMI_LABELS);
        Map<String, Integer> counts = send(30, "whoami.localhost", "/");
        assertEquals(Set.of("whoami-1", "whoami-2", "whoami-3"), counts.keySet());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10) <= 1, counts::toString));
        Table hits = lab.hits();
        assertEquals(3, hits.rowCount());
        for (int i = 0; i < 3; i++) {
            assertEquals(counts.get(hits.stringColumn("REPLICA").get(i)).longValue(), hits.longColumn("REQUESTS").get(i));
            assertEquals("UP", hits.stringColumn("STATE").get(i));
        }
        Map<String, Integer> spread = new TreeMap<>(lab.countByReplica(6, "whoami.localhost", "/"));
        spread.putAll(lab.countByReplica(2, "nope.localhost", "/"));
        assertEquals(Map.of("whoami-1", 2, "whoami-2", 2, "whoami-3", 2, "HTTP 404", 2), spread);
        HttpResponse<String> r = client.get(url, "whoami.localhost", "/hello?x=1");
        assertTrue(r.body().contains("GET /hello?x=1 HTTP/1.1"), r.body());
        assertTrue(r.body().contains("Host: whoami.localhost"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Host: whoami.localhost"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Port: " + lab.port()), r.body());
    }

    @Test
    void unknownHostGets404LikeTraefik() throws Exception {
        lab.run("whoami", 1, WHOAMI_LABELS);
        HttpResponse<String> r = client.get(url, "nobody.localhost", "/");
        assertEquals(404, r.statusCode());
        assertEquals("404 page not found\n", r.body());
        assertEquals(1, lab.proxy().stats().notFound());
    }

    @Test
    void serviceWithoutTraefikEnableIsNotExposed() throws Exception {
        lab.run("hidden", 1, "traefik.http.routers.hidden.rule=Host(`hidden.localhost`)");
        assertEquals(404, client.get(url, "hidden.localhost", "/").statusCode());
    }

    @Test
    void gracefulRemovalDuringThousandRequestLoopLosesNothing() throws Exception {
        lab.run("whoami", 4, WHOAMI_LABELS);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger posts = new AtomicInteger();
        Thread getter = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                try {
                    HttpResponse<String> r = client.get(url, "whoami.localhost", "/?i=" + i);
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add("GET " + i + " -> " + r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add("GET " + i + " -> " + e);
                }
            }
        });
        Thread poster = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                try {
                    HttpResponse<String> r = client.post(url, "whoami.localhost", "/orders", "order " + i);
                    if (r.statusCode() == 200) {
                        posts.incrementAndGet();
                    } else {
                        failures.add("POST " + i + " -> " + r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add("POST " + i + " -> " + e);
                }
            }
        });
        getter.start();
        poster.start();
        await(Duration.ofSeconds(30), "some traffic before scaling down", () -> ok.get() >= 100);
        lab.scale("whoami", 2);
        lab.services().stopReplica("whoami-2");
        getter.join(120_000);
        poster.join(120_000);
        assertEquals(List.of(), failures);
        assertEquals(1000, ok.get());
        assertEquals(300, posts.get());
        assertEquals(List.of("whoami-1"), lab.services().replicas("whoami").stream().map(DemoReplica::id).toList());
        Table hits = lab.hits();
        assertEquals(List.of("UP", "GONE", "GONE", "GONE"), hits.stringColumn("STATE").asList());
    }

    @Test
    void scaleUpIsPickedUpWithinOneSecond() throws Exception {
        lab.run("whoami", 2, WHOAMI_LABELS);
        lab.scale("whoami", 5);
        long start = System.nanoTime();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        await(Duration.ofSeconds(1), "requests reach all 5 replicas", () -> {
            try {
                seen.add(replica(client.get(url, "whoami.localhost", "/")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return seen.size() == 5;
        });
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
        assertEquals(5, lab.routes().stringColumn("SERVERS").get(0).split(", ").length);
    }

    @Test
    void hostAndPathPrefixRuleWinsOverTheShorterHostRule() throws Exception {
        lab.run("shop-web", 1, "traefik.enable=true", "traefik.http.routers.web.rule=Host(`shop.localhost`)");
        lab.run("shop-api", 2, "traefik.enable=true",
            "traefik.http.routers.api.rule=Host(`shop.localhost`) && PathPrefix(`/api`)");
        assertEquals(Map.of("shop-api-1", 2, "shop-api-2", 2), send(4, "shop.localhost", "/api/items"));
        assertEquals(Map.of("shop-web-1", 2), send(2, "shop.localhost", "/index.html"));
        assertEquals(404, client.get(url, "api.localhost", "/api").statusCode());
        Table routes = lab.routes();
        assertEquals(List.of("api", "web"), routes.stringColumn("ROUTER").asList());
        assertEquals("Host(`shop.localhost`) && PathPrefix(`/api`)", routes.stringColumn("RULE").get(0));
    }

    @Test
    void secondServiceOnAnotherHostShareTheSamePort() throws Exception {
        lab.run("whoami", 2, WHOAMI_LABELS);
        lab.runModel("model", 2, 50, "traefik.enable=true", "traefik.http.routers.model.rule=Host(`model.localhost`)");
        HttpResponse<String> m = client.post(url, "model.localhost", "/predict", "x=3");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().matches("\\{\"model\":\"model\",\"replica\":\"model-[12]\",\"input\":\"x=3\","
            + "\"prediction\":0\\.\\d+,\"latency_ms\":\\d+}"), m.body());
        assertTrue(Long.parseLong(m.body().replaceAll(".*\"latency_ms\":(\\d+)}", "$1")) >= 50);
        assertEquals(m.body().replaceAll(".*\"prediction\":([0-9.]+).*", "$1"),
            client.post(url, "model.localhost", "/predict", "x=3").body().replaceAll(".*\"prediction\":([0-9.]+).*", "$1"));
        assertTrue(replica(client.get(url, "whoami.localhost", "/")).startsWith("whoami-"));
        assertEquals(List.of("model", "whoami"), lab.routes().stringColumn("SERVICE").asList().stream().sorted().toList());
    }

    @Test
    void failingHealthCheckTakesReplicaOutAndBringsItBack() throws Exception {
        lab.run("whoami", 3, WHOAMI_LABELS);
        DemoReplica second = lab.services().replicas("whoami").get(1);
        HttpResponse<String> set = client.post(second.url(), "127.0.0.1", "/health", "500");
        assertEquals(200, set.statusCode());
        await(Duration.ofSeconds(10), "whoami-2 marked DOWN", () ->
            lab.hits().stringColumn("STATE").get(1).equals("DOWN"));
        assertEquals(Set.of("whoami-1", "whoami-3"), send(10, "whoami.localhost", "/").keySet());
        client.post(second.url(), "127.0.0.1", "/health", "200");
        await(Duration.ofSeconds(10), "whoami-2 back UP", () -> lab.hits().stringColumn("STATE").get(1).equals("UP"));
        assertEquals(3, send(6, "whoami.localhost", "/").size());
    }

    @Test
    void crashedReplicaIsRetriedElsewhereAndMarkedDown() throws Exception {
        // health checks far apart, so it is the proxy's own retry that has to notice the crash
        lab.run("whoami", 3, "traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)",
            "traefik.http.services.whoami.loadbalancer.healthcheck.interval=1m");
        lab.services().replicas("whoami").get(0).close();
        Map<String, Integer> counts = send(30, "whoami.localhost", "/");
        assertEquals(Set.of("whoami-2", "whoami-3"), counts.keySet());
        assertEquals("DOWN", lab.hits().stringColumn("STATE").get(0));
        assertTrue(lab.proxy().stats().retries() >= 1);
    }

    @Test
    void noHealthyServerGives503() throws Exception {
        lab.run("whoami", 1, WHOAMI_LABELS);
        lab.services().replicas("whoami").get(0).setHealthStatus(503);
        await(Duration.ofSeconds(10), "whoami-1 marked DOWN", () -> lab.hits().stringColumn("STATE").get(0).equals("DOWN"));
        HttpResponse<String> r = client.get(url, "whoami.localhost", "/");
        assertEquals(503, r.statusCode());
    }

    @Test
    void badRuleUnknownServiceAndPortInUseAreOneClearLine() throws Exception {
        LbException e = assertThrows(LbException.class, () -> lab.run("whoami", 3, "traefik.enable=true",
            "traefik.http.routers.whoami.rule=Host(whoami.localhost)"));
        assertOneLine(e, "label traefik.http.routers.whoami.rule: bad router rule Host(whoami.localhost) at column 6");
        assertEquals(List.of(), lab.services().names());
        assertEquals(0, lab.registry().snapshot().size());

        e = assertThrows(LbException.class, () -> lab.scale("whoam", 2));
        assertOneLine(e, "unknown service 'whoam'");
        e = assertThrows(LbException.class, () -> lab.stop("nope"));
        assertOneLine(e, "unknown service 'nope'; running: none");

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LoadBalancerLab other = new LoadBalancerLab();
            try {
                e = assertThrows(LbException.class, () -> other.start(busy.getLocalPort(), 0));
                assertOneLine(e, "port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
                assertFalse(other.running());
                e = assertThrows(LbException.class, () -> other.start(0, busy.getLocalPort()));
                assertOneLine(e, "dashboard: port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
                assertFalse(other.running());
            } finally {
                other.close();
            }
        }
        e = assertThrows(LbException.class, () -> lab.start(0, 0));
        assertOneLine(e, "already running");
    }

    private static void assertOneLine(Exception e, String expected) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void dashboardServesJsonAndHtml() throws Exception {
        lab.run("whoami", 2, WHOAMI_LABELS);
        send(4, "whoami.localhost", "/");
        String base = "http://127.0.0.1:" + lab.dashboardPort();
        HttpResponse<String> routers = client.get(base, "127.0.0.1", "/api/http/routers");
        assertEquals(200, routers.statusCode());
        assertTrue(routers.body().contains("\"name\":\"whoami@docker\",\"rule\":\"Host(`whoami.localhost`)\""),
            routers.body());
        assertTrue(routers.body().contains("\"requests\":4"), routers.body());
        HttpResponse<String> services = client.get(base, "127.0.0.1", "/api/http/services");
        assertTrue(services.body().contains("\"replica\":\"whoami-2\",\"status\":\"UP\",\"inFlight\":0,\"requests\":2"),
            services.body());
        HttpResponse<String> html = client.get(base, "127.0.0.1", "/dashboard/");
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("<td><code>Host(`whoami.localhost`)</code></td>"), html.body());
        assertTrue(client.get(base, "127.0.0.1", "/api/overview").body().contains("\"servers\":2"));
    }

    @Test
    void servicesStartedBeforeTheProxyArePickedUpOnStart() throws Exception {
        lab.close();
        lab = new LoadBalancerLab();
        lab.run("whoami", 2, WHOAMI_LABELS);
        lab.start(0, 0);
        url = lab.url();
        assertEquals(2, send(4, "whoami.localhost", "/").size());
    }

    @Test
    void everythingListensOnLoopbackOnlyAndCloseLeavesNoPortNorThread() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        LoadBalancerLab own = new LoadBalancerLab();
        own.start(0, 0);
        own.run("whoami", 3, WHOAMI_LABELS);
        own.runModel("model", 2, 10, "traefik.enable=true", "traefik.http.routers.model.rule=Host(`model.localhost`)");
        for (int i = 0; i < 20; i++) {
            client.get(own.url(), i % 2 == 0 ? "whoami.localhost" : "model.localhost", "/");
        }
        List<Integer> ports = new ArrayList<>(List.of(own.port(), own.dashboardPort()));
        for (String name : own.services().names()) {
            own.services().replicas(name).forEach(r -> ports.add(r.address().getPort()));
        }
        assertEquals(7, ports.size());
        for (int port : ports) {
            // a 0.0.0.0 or :: listener would show up here as well
            List<String> listeners = LbTestSupport.listeners(port);
            assertEquals(1, listeners.size(), "listeners on port " + port + ": " + listeners);
            assertTrue(LbTestSupport.LOOPBACK.contains(listeners.get(0)), "port " + port + " bound to " + listeners);
        }
        own.close();
        for (int port : ports) {
            assertEquals(List.of(), LbTestSupport.listeners(port), "port " + port + " still listening");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        }
        await(Duration.ofSeconds(10), "threads started by the lab end", () -> {
            Set<Thread> extra = new HashSet<>(Thread.getAllStackTraces().keySet());
            extra.removeAll(before);
            extra.removeIf(t -> !t.isAlive() || t.getName().startsWith("HttpClient-") || t.getName().startsWith("ForkJoinPool"));
            return extra.isEmpty();
        });
    }
}
