package io.brokerbook.cluster.lb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole load-balancing lab in one object (one per kernel): a service registry, the demo
 * services that register in it, and, once started, the proxy (entry point "web") with its
 * provider and dashboard. Java cells get it as {@code lb}:
 * <pre>{@code
 * lb.run("whoami", 3, "traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)");
 * for (int i = 0; i < 30; i++) lb.get("whoami.localhost", "/");
 * lb.hits();
 * }</pre>
 */
public final class LoadBalancerLab implements AutoCloseable {
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_DASHBOARD_PORT = 8080;
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerLab.class);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final ServiceRegistry registry = new ServiceRegistry();
    private final ServiceFleet fleet = new ServiceFleet(registry);
    private final Http1Client client = new Http1Client(Duration.ofSeconds(2));
    private ReverseProxy proxy;
    private Dashboard dashboard;
    private AutoCloseable watch;

    /**
     * Starts the proxy and its dashboard. A null port means the default (8000, dashboard 8080)
     * or the next free one; 0 means any free port; a given port that is busy is a one-line
     * {@link LbException}.
     */
    public synchronized void start(Integer port, Integer dashboardPort) {
        if (proxy != null) {
            throw new LbException("the load balancer is already running on " + proxy.url() + "; stop it first with %lb stop");
        }
        checkPort("--port", port);
        checkPort("--dashboard-port", dashboardPort);
        ReverseProxy p = new ReverseProxy(port == null ? DEFAULT_PORT : port, port == null, 64, CLIENT_TIMEOUT);
        Dashboard d;
        try {
            int dp = dashboardPort == null ? DEFAULT_DASHBOARD_PORT : dashboardPort;
            if (dashboardPort != null && dp == p.port()) {
                throw new LbException("the dashboard port must differ from the entry point's port " + p.port());
            }
            d = new Dashboard(p, dp == p.port() ? dp + 1 : dp, dashboardPort == null);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        proxy = p;
        dashboard = d;
        watch = registry.watch(new LabelProvider(ReverseProxy.ENTRY_POINT, p::apply));
        LOG.info("load balancer started: {} dashboard {}", p.url(), d.url());
    }

    private static void checkPort(String option, Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new LbException(option + " must be a port number 1-65535 (0 = any free port), not " + port);
        }
    }

    /** Stops the proxy and dashboard; services keep running (and are picked up again on the next start). */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            watch.close();
        } catch (Exception e) {
            LOG.warn("closing the registry watch failed", e);
        }
        dashboard.close();
        proxy.close();
        proxy = null;
        dashboard = null;
        watch = null;
    }

    public synchronized boolean running() {
        return proxy != null;
    }

    /** The entry point's base URL, e.g. {@code http://127.0.0.1:8000}. */
    public synchronized String url() {
        return requireProxy().url();
    }

    public synchronized int port() {
        return requireProxy().port();
    }

    public synchronized String dashboardUrl() {
        requireProxy();
        return dashboard.url();
    }

    public synchronized int dashboardPort() {
        requireProxy();
        return dashboard.port();
    }

    public synchronized ReverseProxy proxy() {
        return requireProxy();
    }

    public ServiceRegistry registry() {
        return registry;
    }

    public ServiceFleet services() {
        return fleet;
    }

    private ReverseProxy requireProxy() {
        if (proxy == null) {
            throw new LbException("the load balancer is not running; start it with %lb start");
        }
        return proxy;
    }

    /** Starts a whoami service; labels as {@code key=value}. */
    public List<DemoReplica> run(String name, int replicas, String... labels) {
        return fleet.run(name, replicas, ReplicaKind.WHOAMI, Duration.ZERO, labels(labels));
    }

    /** Starts a model service answering after {@code delayMs}; labels as {@code key=value}. */
    public List<DemoReplica> runModel(String name, int replicas, long delayMs, String... labels) {
        return fleet.run(name, replicas, ReplicaKind.MODEL, Duration.ofMillis(delayMs), labels(labels));
    }

    public void scale(String name, int replicas) {
        fleet.scale(name, replicas);
    }

    public void stop(String name) {
        fleet.stop(name);
    }

    /** Gracefully stops one replica, e.g. {@code whoami-2}. */
    public void stopReplica(String replicaId) {
        fleet.stopReplica(replicaId);
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new LbException("a label is written key=value, got '" + kv + "'");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }

    /** {@code GET path} through the proxy with {@code Host: host}. */
    public HttpReply get(String host, String path) {
        return request("GET", host, path, null);
    }

    /**
     * Sends {@code n} GETs through the proxy and counts who answered: replica id (from the
     * {@code X-Replica} header of the demo apps), or {@code HTTP <status>} for the proxy's own answers.
     */
    public Map<String, Integer> countByReplica(int n, String host, String path) {
        Map<String, Integer> counts = new java.util.TreeMap<>(ReplicaIds.ORDER);
        for (int i = 0; i < n; i++) {
            HttpReply r = get(host, path);
            counts.merge(r.header("X-Replica").orElse("HTTP " + r.status()), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code POST path} through the proxy with {@code Host: host} and a text body. */
    public HttpReply post(String host, String path, String body) {
        return request("POST", host, path, body);
    }

    /** Any request through the proxy with {@code Host: host}. */
    public HttpReply request(String method, String host, String path, String body) {
        String target = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        return send(method, URI.create(url() + target), List.of(Map.entry("Host", host)), body);
    }

    /**
     * A curl-like request to a loopback URL ({@code *.localhost} names are loopback, as in
     * browsers). The Host header defaults to the URL's authority; a header in {@code headers}
     * replaces it.
     */
    public HttpReply send(String method, URI url, List<Map.Entry<String, String>> headers, String body) {
        if (url.getScheme() == null || !url.getScheme().equalsIgnoreCase("http") || url.getHost() == null) {
            throw new LbException("expected an http:// URL such as http://whoami.localhost:8000/, got " + url);
        }
        InetSocketAddress target = loopbackTarget(url);
        List<Map.Entry<String, String>> all = new ArrayList<>();
        boolean hasHost = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Host"));
        if (!hasHost) {
            all.add(Map.entry("Host", url.getPort() < 0 || url.getPort() == 80 ? url.getHost()
                : url.getHost() + ":" + url.getPort()));
        }
        all.addAll(headers);
        if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("User-Agent"))) {
            all.add(Map.entry("User-Agent", "brokerbook-http/1.0"));
        }
        if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Accept"))) {
            all.add(Map.entry("Accept", "*/*"));
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String requestTarget = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try {
            return client.send(target, new HttpRequestData(method, requestTarget, all, bytes), CLIENT_TIMEOUT);
        } catch (ConnectFailedException e) {
            throw new LbException("nothing is listening on " + url.getHost() + ":" + target.getPort()
                + " (connection refused); is the load balancer started (%lb start)?", e);
        } catch (IOException e) {
            throw new LbException(method + " " + url + " failed: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress loopbackTarget(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() < 0 ? 80 : url.getPort();
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        try {
            InetAddress a = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            if (a.isLoopbackAddress()) {
                return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException e) {
            // not resolvable here, so certainly not a loopback name
        }
        throw new LbException("only loopback targets are allowed (127.0.0.1, localhost, *.localhost), not " + host);
    }

    /** {@code ROUTER, RULE, SERVICE, SERVERS}: what the provider configured, highest priority first. */
    public synchronized Table routes() {
        ReverseProxy p = requireProxy();
        StringColumn router = StringColumn.create("ROUTER");
        StringColumn rule = StringColumn.create("RULE");
        StringColumn service = StringColumn.create("SERVICE");
        StringColumn servers = StringColumn.create("SERVERS");
        Map<String, List<String>> byService = new HashMap<>();
        for (ServerStatus s : p.servers()) {
            byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s.url() + (s.healthy() ? "" : " (down)"));
        }
        for (DynamicConfig.RouterConfig r : p.config().routers()) {
            router.append(r.name());
            rule.append(r.ruleText());
            service.append(r.service());
            servers.append(String.join(", ", byService.getOrDefault(r.service(), List.of())));
        }
        return Table.create("routes", router, rule, service, servers);
    }

    /** Configuration errors the provider found (bad labels, unknown entry points…), one line each. */
    public synchronized List<String> routeErrors() {
        return requireProxy().config().errors();
    }

    /**
     * {@code SERVICE, REPLICA, SERVER, STATE, REQUESTS}: requests the proxy sent to each replica
     * since start or the last {@link #resetHits()}; STATE is UP, DOWN or GONE (removed).
     */
    public synchronized Table hits() {
        ReverseProxy p = requireProxy();
        StringColumn service = StringColumn.create("SERVICE");
        StringColumn replica = StringColumn.create("REPLICA");
        StringColumn server = StringColumn.create("SERVER");
        StringColumn state = StringColumn.create("STATE");
        LongColumn requests = LongColumn.create("REQUESTS");
        Map<String, ServerStatus> live = new LinkedHashMap<>();
        p.servers().forEach(s -> live.put(s.service() + "/" + s.instanceId(), s));
        Map<String, ServerHits> counted = new LinkedHashMap<>();
        p.stats().serverHits().forEach(h -> counted.put(h.service() + "/" + h.instanceId(), h));
        List<String> keys = new ArrayList<>(counted.keySet());
        live.keySet().stream().filter(k -> !counted.containsKey(k)).forEach(keys::add);
        keys.sort(java.util.Comparator.comparing((String k) -> k.substring(0, k.indexOf('/')))
            .thenComparing(k -> k.substring(k.indexOf('/') + 1), ReplicaIds.ORDER));
        for (String k : keys) {
            ServerStatus s = live.get(k);
            ServerHits h = counted.get(k);
            service.append(s != null ? s.service() : h.service());
            replica.append(s != null ? s.instanceId() : h.instanceId());
            server.append(s != null ? s.url() : h.url());
            state.append(s == null ? "GONE" : s.healthy() ? "UP" : "DOWN");
            requests.append(h == null ? 0 : h.requests());
        }
        return Table.create("hits", service, replica, server, state, requests);
    }

    public synchronized void resetHits() {
        requireProxy().stats().reset();
    }

    /** Stops the proxy, the dashboard and every service; nothing keeps a thread or a port. */
    @Override
    public synchronized void close() {
        stop();
        fleet.close();
        client.close();
    }
}
