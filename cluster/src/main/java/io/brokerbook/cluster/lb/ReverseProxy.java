package io.brokerbook.cluster.lb;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point "web": an HTTP reverse proxy on 127.0.0.1 that matches each request against the
 * routers (highest priority first), picks a healthy server of the router's service round robin
 * and forwards the request with the client's Host header and Traefik's X-Forwarded-* headers.
 * No router matches: 404 {@code 404 page not found}. No healthy server: 503. A server that
 * cannot be reached is marked down and the request goes to the next one (any method, since
 * nothing was sent); other failures are retried only for idempotent methods, else 502.
 * Configuration arrives through {@link #apply}; servers removed by it are drained first.
 */
public final class ReverseProxy implements AutoCloseable {
    public static final String ENTRY_POINT = "web";
    private static final Logger LOG = LoggerFactory.getLogger(ReverseProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
        "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
        "date", "expect");
    private static final Duration DRAIN_MAX = Duration.ofSeconds(10);

    private record Routing(DynamicConfig config, Map<String, ServiceBalancer> balancers) {
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final LoopbackHttp client;
    private final HealthChecker health;
    private final ProxyStats stats = new ProxyStats();
    private final Duration backendTimeout;
    private final Map<String, AtomicLong> roundRobin = new HashMap<>();
    private volatile Routing routing = new Routing(DynamicConfig.EMPTY, Map.of());
    private volatile boolean closed;

    /**
     * Starts listening on 127.0.0.1:{@code port}; {@code nextFreeIfBusy} moves to the next free
     * port instead of failing. It forwards (and health-checks) through {@code client}, which stays open when the
     * proxy closes; {@code backendTimeout} bounds the wait for a replica's answer.
     */
    public ReverseProxy(int port, boolean nextFreeIfBusy, int workerThreads, Duration backendTimeout, LoopbackHttp client) {
        this.backendTimeout = backendTimeout;
        this.client = client;
        this.server = LoopbackServers.bind("entry point " + ENTRY_POINT, port, nextFreeIfBusy);
        this.health = new HealthChecker(client);
        this.workers = LoopbackServers.executor("lb-web", workerThreads, 4096);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("entry point {} listening on {}", ENTRY_POINT, url());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public ProxyStats stats() {
        return stats;
    }

    public DynamicConfig config() {
        return routing.config();
    }

    /** Every configured server with its health, in-flight and request count, by service then replica. */
    public List<ServerStatus> servers() {
        Routing r = routing;
        List<ServerStatus> out = new ArrayList<>();
        for (DynamicConfig.ServiceConfig sc : r.config().services().values().stream()
            .sorted(java.util.Comparator.comparing(DynamicConfig.ServiceConfig::name)).toList()) {
            ServiceBalancer b = r.balancers().get(sc.name());
            for (LiveServer s : b.servers) {
                out.add(new ServerStatus(sc.name(), s.target.instanceId(), s.target.url(), s.healthy(), s.inFlight(),
                    stats.serverRequests(sc.name(), s.target.instanceId())));
            }
        }
        return out;
    }

    /**
     * Switches to {@code config} atomically. Servers that disappear stop getting new requests at
     * once; this returns after their in-flight requests finished (at most 10 s).
     */
    public synchronized void apply(DynamicConfig config) {
        if (closed) {
            return;
        }
        Routing old = routing;
        Map<DynamicConfig.ServerTarget, LiveServer> existing = new HashMap<>();
        old.balancers().values().forEach(b -> b.servers.forEach(s -> existing.put(s.target, s)));
        Map<String, ServiceBalancer> balancers = new HashMap<>();
        Set<LiveServer> kept = new HashSet<>();
        for (DynamicConfig.ServiceConfig sc : config.services().values()) {
            List<LiveServer> live = new ArrayList<>();
            for (DynamicConfig.ServerTarget t : sc.servers()) {
                LiveServer s = existing.getOrDefault(t, new LiveServer(t));
                live.add(s);
                kept.add(s);
            }
            AtomicLong rr = roundRobin.computeIfAbsent(sc.name(), n -> new AtomicLong());
            balancers.put(sc.name(), new ServiceBalancer(sc.name(), live, sc.healthCheck(), rr));
        }
        roundRobin.keySet().retainAll(balancers.keySet());
        routing = new Routing(config, Map.copyOf(balancers));
        health.follow(routing.balancers());
        for (LiveServer gone : existing.values()) {
            if (!kept.contains(gone)) {
                drain(gone);
            }
        }
    }

    private void drain(LiveServer gone) {
        try {
            if (!gone.removeAndDrain(DRAIN_MAX)) {
                LOG.warn("server {} still had {} requests in flight after {}", gone.target.url(), gone.inFlight(), DRAIN_MAX);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            URI uri = ex.getRequestURI();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            Routing r = routing;
            DynamicConfig.RouterConfig router = match(r.config(), host, path);
            if (router == null) {
                stats.countNotFound();
                respond(ex, 404, "404 page not found\n");
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequestData request = new HttpRequestData(ex.getRequestMethod(), target, forwardHeaders(ex, host), body);
            ServiceBalancer balancer = r.balancers().get(router.service());
            forward(ex, router, balancer, request);
        }
    }

    private static DynamicConfig.RouterConfig match(DynamicConfig config, String host, String path) {
        for (DynamicConfig.RouterConfig router : config.routers()) {
            if (router.rule().matches(host, path)) {
                return router;
            }
        }
        return null;
    }

    private void forward(HttpExchange ex, DynamicConfig.RouterConfig router, ServiceBalancer balancer,
                         HttpRequestData request) throws IOException {
        Set<LiveServer> tried = new HashSet<>();
        boolean sawFailure = false;
        while (balancer != null) {
            LiveServer s = balancer.pick(tried);
            if (s == null) {
                break;
            }
            tried.add(s);
            if (!s.acquire()) {
                continue;
            }
            HttpReply reply;
            try {
                reply = client.send(s.target.address(), request, backendTimeout);
            } catch (ConnectFailedException e) {
                markDown(s, e);
                sawFailure = true;
                stats.retried();
                continue;
            } catch (IOException e) {
                if (!request.idempotent()) {
                    LOG.warn("{} {} to {} failed and is not idempotent: {}", request.method(), request.target(),
                        s.target.url(), e.getMessage());
                    stats.countBadGateway(router.name());
                    respond(ex, 502, "Bad Gateway\n");
                    return;
                }
                markDown(s, e);
                sawFailure = true;
                stats.retried();
                continue;
            } finally {
                s.release();
            }
            stats.served(router.name(), s.target);
            relay(ex, reply, request.method());
            return;
        }
        if (sawFailure) {
            stats.countBadGateway(router.name());
            respond(ex, 502, "Bad Gateway\n");
        } else {
            stats.countUnavailable(router.name());
            respond(ex, 503, "no available server\n");
        }
    }

    private void markDown(LiveServer s, IOException why) {
        if (s.setHealthy(false)) {
            LOG.info("server {} of service {} is now DOWN ({})", s.target.url(), s.target.service(), why.getMessage());
        }
    }

    private List<Map.Entry<String, String>> forwardHeaders(HttpExchange ex, String host) {
        Headers in = ex.getRequestHeaders();
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        List<String> connection = in.get("Connection");
        if (connection != null) {
            connection.forEach(v -> {
                for (String token : v.split(",")) {
                    dropped.add(token.trim().toLowerCase(Locale.ROOT));
                }
            });
        }
        String clientIp = ex.getRemoteAddress().getAddress().getHostAddress();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        String forwardedFor = null;
        for (Map.Entry<String, List<String>> h : in.entrySet()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (dropped.contains(lower) || lower.startsWith("x-forwarded-") || lower.equals("x-real-ip")) {
                if (lower.equals("x-forwarded-for")) {
                    forwardedFor = String.join(", ", h.getValue());
                }
                continue;
            }
            String name = HeaderNames.canonical(h.getKey());
            h.getValue().forEach(v -> out.add(Map.entry(name, v)));
        }
        if (host == null) {
            out.add(Map.entry("Host", "127.0.0.1:" + port()));
        }
        out.add(Map.entry("X-Forwarded-For", forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp));
        out.add(Map.entry("X-Forwarded-Host", host == null ? "" : host));
        out.add(Map.entry("X-Forwarded-Port", Integer.toString(port())));
        out.add(Map.entry("X-Forwarded-Proto", "http"));
        out.add(Map.entry("X-Forwarded-Server", "brokerbook-lb"));
        out.add(Map.entry("X-Real-Ip", clientIp));
        return out;
    }

    private static void relay(HttpExchange ex, HttpReply reply, String method) throws IOException {
        Headers out = ex.getResponseHeaders();
        for (Map.Entry<String, String> h : reply.headers()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.add(h.getKey(), h.getValue());
            }
        }
        boolean noBody = method.equals("HEAD") || reply.status() == 204 || reply.status() == 304
            || reply.body().length == 0;
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(reply.body());
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        health.close();
        LoopbackServers.shutdown(workers);
        LOG.info("entry point {} stopped", ENTRY_POINT);
    }
}
