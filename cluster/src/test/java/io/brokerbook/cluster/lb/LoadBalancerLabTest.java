package io.brokerbook.cluster.lb;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabComponents;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.brokerbook.cluster.lb.LbTestSupport.WHOAMI_LABELS;
import static io.brokerbook.cluster.lb.LbTestSupport.await;
import static io.brokerbook.cluster.lb.LbTestSupport.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load balancer component and the service fleet behind it, driven through their Java API. */
class LoadBalancerLabTest {
    private final LbTestSupport client = new LbTestSupport();
    private final LoopbackHttp http = new LoopbackHttp(Duration.ofSeconds(1), "lb-test-http");
    private ServiceFleet fleet;
    private LoadBalancer lb;
    private String url;

    @BeforeEach
    void start() {
        fleet = new ServiceFleet();
        lb = LoadBalancer.start(anyPorts(fleet));
        url = lb.url();
    }

    @AfterEach
    void stop() {
        lb.close();
        fleet.close();
        http.close();
    }

    private LoadBalancer.Options anyPorts(ServiceFleet fleet) {
        return LoadBalancer.Options.of(fleet.registry(), http).withPort(0).withDashboardPort(0);
    }

    private static List<DemoReplica> run(ServiceFleet fleet, String name, int replicas, String... labels) {
        return fleet.run(name, replicas, ReplicaKind.WHOAMI, Duration.ZERO, TraefikLabels.of(labels));
    }

    private List<DemoReplica> run(String name, int replicas, String... labels) {
        return run(fleet, name, replicas, labels);
    }

    /** Who answered {@code n} GETs: the replica, or {@code HTTP <status>} for the proxy's own answers. */
    private Map<String, Integer> answeredBy(int n, String host) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.get(url, host, "/");
            counts.merge(r.headers().firstValue("X-Replica").orElse("HTTP " + r.statusCode()), 1, Integer::sum);
        }
        return counts;
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
        run("whoami", 3, WHOAMI_LABELS);
        Map<String, Integer> counts = send(30, "whoami.localhost", "/");
        assertEquals(Set.of("whoami-1", "whoami-2", "whoami-3"), counts.keySet());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10) <= 1, counts::toString));
        Rows<ReplicaHits> hits = lb.hits();
        assertEquals(3, hits.size());
        assertEquals("hits", hits.title());
        for (ReplicaHits h : hits) {
            assertEquals("whoami", h.service());
            assertEquals(counts.get(h.replica()).longValue(), h.requests());
            assertEquals(ReplicaHits.State.UP, h.state());
        }
        assertEquals(30, hits.stream().mapToLong(ReplicaHits::requests).sum());
        Map<String, Integer> spread = new TreeMap<>(answeredBy(6, "whoami.localhost"));
        spread.putAll(answeredBy(2, "nope.localhost"));
        assertEquals(Map.of("whoami-1", 2, "whoami-2", 2, "whoami-3", 2, "HTTP 404", 2), spread);
        HttpResponse<String> r = client.get(url, "whoami.localhost", "/hello?x=1");
        assertTrue(r.body().contains("GET /hello?x=1 HTTP/1.1"), r.body());
        assertTrue(r.body().contains("Host: whoami.localhost"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Host: whoami.localhost"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Port: " + lb.port()), r.body());
    }

    @Test
    void theProxyKeepsItsConnectionsToAReplicaAlive() throws Exception {
        // health checks far apart, so only the forwarded requests use the proxy's connections
        run("whoami", 1, "traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)",
            "traefik.http.services.whoami.loadbalancer.healthcheck.interval=1m");
        Pattern remote = Pattern.compile("^RemoteAddr: (\\S+)$", Pattern.MULTILINE);
        Set<String> proxyConnections = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.get(url, "whoami.localhost", "/");
            Matcher m = remote.matcher(r.body());
            assertTrue(m.find(), r.body());
            proxyConnections.add(m.group(1));
        }
        assertEquals(1, proxyConnections.size(), "20 sequential requests, one connection: " + proxyConnections);
    }

    @Test
    void statusAndTheSlotFollowTheLabComponentContract() throws Exception {
        ComponentStatus status = lb.status();
        assertEquals("lb", status.kind());
        assertEquals(ComponentState.RUNNING, status.state());
        assertEquals(Optional.of("http://127.0.0.1:" + lb.port()), status.address());
        assertEquals(Optional.of("dashboard http://127.0.0.1:" + lb.dashboardPort() + "/dashboard/"), status.detail());
        assertEquals("Brokerbook reverse proxy in this JVM (Traefik-style labels)", status.implementation());
        assertTrue(lb.ownsServer());

        LabComponents components = new LabComponents();
        LabSlot<LoadBalancer> slot = components.register("lb", "the load balancer is not running; start it with %lb start");
        LoadBalancer own = slot.start(() -> LoadBalancer.start(anyPorts(fleet))).component();
        int port = own.port();
        assertEquals(List.of(ComponentState.RUNNING), components.status().stream().map(ComponentStatus::state).toList());
        assertOneLine(assertThrows(LabException.class, () -> slot.start(() -> LoadBalancer.start(anyPorts(fleet)))),
            "lb is already running at http://127.0.0.1:" + port);
        components.close();
        assertFalse(own.isRunning());
        assertEquals(ComponentState.STOPPED, own.status().state());
        assertEquals(List.of(ComponentState.STOPPED), components.status().stream().map(ComponentStatus::state).toList());
        assertOneLine(assertThrows(LabException.class, slot::require), "not running; start it with %lb start");
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }

    @Test
    void unknownHostGets404LikeTraefik() throws Exception {
        run("whoami", 1, WHOAMI_LABELS);
        HttpResponse<String> r = client.get(url, "nobody.localhost", "/");
        assertEquals(404, r.statusCode());
        assertEquals("404 page not found\n", r.body());
        assertEquals(1, lb.proxy().stats().notFound());
    }

    @Test
    void serviceWithoutTraefikEnableIsNotExposed() throws Exception {
        run("hidden", 1, "traefik.http.routers.hidden.rule=Host(`hidden.localhost`)");
        assertEquals(404, client.get(url, "hidden.localhost", "/").statusCode());
    }

    @Test
    void gracefulRemovalDuringThousandRequestLoopLosesNothing() throws Exception {
        run("whoami", 4, WHOAMI_LABELS);
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
        fleet.scale("whoami", 2);
        fleet.stopReplica("whoami-2");
        getter.join(120_000);
        poster.join(120_000);
        assertEquals(List.of(), failures);
        assertEquals(1000, ok.get());
        assertEquals(300, posts.get());
        assertEquals(List.of("whoami-1"), fleet.replicas("whoami").stream().map(DemoReplica::id).toList());
        assertEquals(List.of(ReplicaHits.State.UP, ReplicaHits.State.GONE, ReplicaHits.State.GONE, ReplicaHits.State.GONE),
            lb.hits().stream().map(ReplicaHits::state).toList());
    }

    @Test
    void scaleUpIsPickedUpWithinOneSecond() throws Exception {
        run("whoami", 2, WHOAMI_LABELS);
        fleet.scale("whoami", 5);
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
        assertEquals(5, lb.routes().get(0).servers().size());
        assertTrue(lb.routes().get(0).servers().stream().allMatch(Route.Server::up));
    }

    @Test
    void hostAndPathPrefixRuleWinsOverTheShorterHostRule() throws Exception {
        run("shop-web", 1, "traefik.enable=true", "traefik.http.routers.web.rule=Host(`shop.localhost`)");
        run("shop-api", 2, "traefik.enable=true",
            "traefik.http.routers.api.rule=Host(`shop.localhost`) && PathPrefix(`/api`)");
        assertEquals(Map.of("shop-api-1", 2, "shop-api-2", 2), send(4, "shop.localhost", "/api/items"));
        assertEquals(Map.of("shop-web-1", 2), send(2, "shop.localhost", "/index.html"));
        assertEquals(404, client.get(url, "api.localhost", "/api").statusCode());
        Rows<Route> routes = lb.routes();
        assertEquals(List.of("api", "web"), routes.stream().map(Route::router).toList());
        assertEquals("Host(`shop.localhost`) && PathPrefix(`/api`)", routes.get(0).rule());
        assertEquals(List.of("shop-api-1", "shop-api-2"), routes.get(0).servers().stream().map(Route.Server::replica).toList());
    }

    @Test
    void secondServiceOnAnotherHostShareTheSamePort() throws Exception {
        run("whoami", 2, WHOAMI_LABELS);
        fleet.run("model", 2, ReplicaKind.MODEL, Duration.ofMillis(50),
            TraefikLabels.of("traefik.enable=true", "traefik.http.routers.model.rule=Host(`model.localhost`)"));
        HttpResponse<String> m = client.post(url, "model.localhost", "/predict", "x=3");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().matches("\\{\"model\":\"model\",\"replica\":\"model-[12]\",\"input\":\"x=3\","
            + "\"prediction\":0\\.\\d+,\"latency_ms\":\\d+}"), m.body());
        assertTrue(Long.parseLong(m.body().replaceAll(".*\"latency_ms\":(\\d+)}", "$1")) >= 50);
        assertEquals(m.body().replaceAll(".*\"prediction\":([0-9.]+).*", "$1"),
            client.post(url, "model.localhost", "/predict", "x=3").body().replaceAll(".*\"prediction\":([0-9.]+).*", "$1"));
        assertTrue(replica(client.get(url, "whoami.localhost", "/")).startsWith("whoami-"));
        assertEquals(List.of("model", "whoami"), lb.routes().stream().map(Route::service).sorted().toList());
    }

    @Test
    void failingHealthCheckTakesReplicaOutAndBringsItBack() throws Exception {
        run("whoami", 3, WHOAMI_LABELS);
        DemoReplica second = fleet.replicas("whoami").get(1);
        HttpResponse<String> set = client.post(second.url(), "127.0.0.1", "/health", "500");
        assertEquals(200, set.statusCode());
        await(Duration.ofSeconds(10), "whoami-2 marked DOWN", () ->
            lb.hits().get(1).state() == ReplicaHits.State.DOWN);
        assertEquals(Set.of("whoami-1", "whoami-3"), send(10, "whoami.localhost", "/").keySet());
        client.post(second.url(), "127.0.0.1", "/health", "200");
        await(Duration.ofSeconds(10), "whoami-2 back UP", () -> lb.hits().get(1).state() == ReplicaHits.State.UP);
        assertEquals(3, send(6, "whoami.localhost", "/").size());
    }

    @Test
    void crashedReplicaIsRetriedElsewhereAndMarkedDown() throws Exception {
        // health checks far apart, so it is the proxy's own retry that has to notice the crash
        run("whoami", 3, "traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)",
            "traefik.http.services.whoami.loadbalancer.healthcheck.interval=1m");
        fleet.replicas("whoami").get(0).close();
        Map<String, Integer> counts = send(30, "whoami.localhost", "/");
        assertEquals(Set.of("whoami-2", "whoami-3"), counts.keySet());
        assertEquals(ReplicaHits.State.DOWN, lb.hits().get(0).state());
        assertTrue(lb.proxy().stats().retries() >= 1);
    }

    @Test
    void noHealthyServerGives503() throws Exception {
        run("whoami", 1, WHOAMI_LABELS);
        fleet.replicas("whoami").get(0).setHealthStatus(503);
        await(Duration.ofSeconds(10), "whoami-1 marked DOWN", () -> lb.hits().get(0).state() == ReplicaHits.State.DOWN);
        HttpResponse<String> r = client.get(url, "whoami.localhost", "/");
        assertEquals(503, r.statusCode());
    }

    @Test
    void badRuleUnknownServiceAndPortInUseAreOneClearLine() throws Exception {
        LbException e = assertThrows(LbException.class, () -> run("whoami", 3, "traefik.enable=true",
            "traefik.http.routers.whoami.rule=Host(whoami.localhost)"));
        assertOneLine(e, "label traefik.http.routers.whoami.rule: bad router rule Host(whoami.localhost) at column 6");
        assertEquals(List.of(), fleet.names());
        assertEquals(0, fleet.registry().snapshot().size());

        e = assertThrows(LbException.class, () -> fleet.scale("whoam", 2));
        assertOneLine(e, "unknown service 'whoam'");
        e = assertThrows(LbException.class, () -> fleet.stop("nope"));
        assertOneLine(e, "unknown service 'nope'; running: none");

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LabSlot<LoadBalancer> other = new LabComponents().register("lb", "not running");
            e = assertThrows(LbException.class, () -> other.start(() ->
                LoadBalancer.start(anyPorts(fleet).withPort(busy.getLocalPort()))));
            assertOneLine(e, "port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
            assertEquals(Optional.empty(), other.current());
            e = assertThrows(LbException.class, () -> other.start(() ->
                LoadBalancer.start(anyPorts(fleet).withDashboardPort(busy.getLocalPort()))));
            assertOneLine(e, "dashboard: port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
            assertEquals(Optional.empty(), other.current());
        }
        e = assertThrows(LbException.class, () -> LoadBalancer.start(anyPorts(fleet).withPort(70000)));
        assertOneLine(e, "--port must be a port number 1-65535 (0 = any free port), not 70000");
        e = assertThrows(LbException.class, () -> LoadBalancer.start(anyPorts(fleet).withPort(lb.port())));
        assertOneLine(e, "entry point web: port " + lb.port() + " on 127.0.0.1 is already in use");
    }

    private static void assertOneLine(Exception e, String expected) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void dashboardServesJsonAndHtml() throws Exception {
        run("whoami", 2, WHOAMI_LABELS);
        send(4, "whoami.localhost", "/");
        String base = "http://127.0.0.1:" + lb.dashboardPort();
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
        lb.close();
        run("whoami", 2, WHOAMI_LABELS);
        lb = LoadBalancer.start(anyPorts(fleet));
        url = lb.url();
        assertEquals(2, send(4, "whoami.localhost", "/").size());
    }

    @Test
    void everythingListensOnLoopbackOnlyAndCloseLeavesNoPortNorThread() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        ServiceFleet ownFleet = new ServiceFleet();
        LoopbackHttp ownHttp = new LoopbackHttp(Duration.ofSeconds(1), "lb-own-http");
        LoadBalancer own = LoadBalancer.start(LoadBalancer.Options.of(ownFleet.registry(), ownHttp)
            .withPort(0).withDashboardPort(0));
        run(ownFleet, "whoami", 3, WHOAMI_LABELS);
        ownFleet.run("model", 2, ReplicaKind.MODEL, Duration.ofMillis(10),
            TraefikLabels.of("traefik.enable=true", "traefik.http.routers.model.rule=Host(`model.localhost`)"));
        for (int i = 0; i < 20; i++) {
            client.get(own.url(), i % 2 == 0 ? "whoami.localhost" : "model.localhost", "/");
        }
        List<Integer> ports = new ArrayList<>(List.of(own.port(), own.dashboardPort()));
        for (String name : ownFleet.names()) {
            ownFleet.replicas(name).forEach(r -> ports.add(r.address().getPort()));
        }
        assertEquals(7, ports.size());
        for (int port : ports) {
            // a 0.0.0.0 or :: listener would show up here as well
            List<String> listeners = LbTestSupport.listeners(port);
            assertEquals(1, listeners.size(), "listeners on port " + port + ": " + listeners);
            assertTrue(LbTestSupport.LOOPBACK.contains(listeners.get(0)), "port " + port + " bound to " + listeners);
        }
        own.close();
        ownFleet.close();
        ownHttp.close();
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
