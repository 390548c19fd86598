package io.brokerbook.cluster.lb;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabComponent;
import io.brokerbook.cluster.lab.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The lab's load balancer, like Traefik with its docker provider: the entry point "web" (a reverse proxy on
 * 127.0.0.1) configured from the labels of the replicas in a {@link ServiceRegistry}, and its dashboard. The
 * replicas are not part of it: they keep running when it stops and are picked up again by the next start.
 */
public final class LoadBalancer implements LabComponent {
    public static final String KIND = "lb";
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_DASHBOARD_PORT = 8080;
    static final String IMPLEMENTATION = "Brokerbook reverse proxy in this JVM (Traefik-style labels)";
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancer.class);
    private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(60);
    private static final int WORKER_THREADS = 64;

    /**
     * How to start it.
     *
     * @param registry      the replicas to route to, watched for changes
     * @param http          the client it forwards and health-checks through; it stays open when the load balancer
     *                      stops (its owner closes it)
     * @param port          the entry point's port; empty: 8000 or the next free one; 0: any free port; a given port
     *                      that is busy is an error
     * @param dashboardPort the dashboard's port, the same way (default 8080)
     */
    public record Options(ServiceRegistry registry, LoopbackHttp http, OptionalInt port, OptionalInt dashboardPort) {
        public Options {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(dashboardPort, "dashboardPort");
        }

        /** Default ports (or the next free ones) for the replicas of {@code registry}. */
        public static Options of(ServiceRegistry registry, LoopbackHttp http) {
            return new Options(registry, http, OptionalInt.empty(), OptionalInt.empty());
        }

        public Options withPort(int port) {
            return new Options(registry, http, OptionalInt.of(port), dashboardPort);
        }

        public Options withDashboardPort(int port) {
            return new Options(registry, http, this.port, OptionalInt.of(port));
        }
    }

    private final ReverseProxy proxy;
    private final Dashboard dashboard;
    private final AutoCloseable watch;
    private boolean stopped;

    private LoadBalancer(ReverseProxy proxy, Dashboard dashboard, AutoCloseable watch) {
        this.proxy = proxy;
        this.dashboard = dashboard;
        this.watch = watch;
    }

    /** Starts the proxy and its dashboard, configured at once from the replicas already registered. */
    public static LoadBalancer start(Options options) {
        checkPort("--port", options.port());
        checkPort("--dashboard-port", options.dashboardPort());
        ReverseProxy proxy = new ReverseProxy(options.port().orElse(DEFAULT_PORT), options.port().isEmpty(),
            WORKER_THREADS, BACKEND_TIMEOUT, options.http());
        Dashboard dashboard;
        try {
            int wanted = options.dashboardPort().orElse(DEFAULT_DASHBOARD_PORT);
            if (options.dashboardPort().isPresent() && wanted == proxy.port()) {
                throw new LbException("the dashboard port must differ from the entry point's port " + proxy.port());
            }
            dashboard = new Dashboard(proxy, wanted == proxy.port() ? wanted + 1 : wanted, options.dashboardPort().isEmpty());
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        AutoCloseable watch = options.registry().watch(new LabelProvider(ReverseProxy.ENTRY_POINT, proxy::apply));
        LOG.info("load balancer started: {} dashboard {}", proxy.url(), dashboard.url());
        return new LoadBalancer(proxy, dashboard, watch);
    }

    private static void checkPort(String option, OptionalInt port) {
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new LbException(option + " must be a port number 1-65535 (0 = any free port), not " + port.getAsInt());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean ownsServer() {
        return true;
    }

    @Override
    public synchronized boolean isRunning() {
        return !stopped;
    }

    @Override
    public synchronized ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        return new ComponentStatus(KIND, ComponentState.RUNNING, Optional.of(url()), Optional.empty(), IMPLEMENTATION,
            Optional.of("dashboard " + dashboard.url()));
    }

    /** Stops the proxy and the dashboard; the replicas keep running. */
    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            watch.close();
        } catch (Exception e) {
            LOG.warn("closing the registry watch failed", e);
        }
        dashboard.close();
        proxy.close();
    }

    /** The entry point's base URL, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        return proxy.url();
    }

    public int port() {
        return proxy.port();
    }

    public String dashboardUrl() {
        return dashboard.url();
    }

    public int dashboardPort() {
        return dashboard.port();
    }

    public ReverseProxy proxy() {
        return proxy;
    }

    /** What the provider configured, highest priority first. */
    public Rows<Route> routes() {
        Map<String, List<Route.Server>> byService = new HashMap<>();
        for (ServerStatus s : proxy.servers()) {
            byService.computeIfAbsent(s.service(), k -> new ArrayList<>())
                .add(new Route.Server(s.instanceId(), s.url(), s.healthy()));
        }
        List<Route> routes = proxy.config().routers().stream().map(r -> new Route(r.name(), r.ruleText(), r.service(),
            byService.getOrDefault(r.service(), List.of()))).toList();
        return Rows.of("routes", routes);
    }

    /** Configuration errors the provider found (bad labels, unknown entry points…), one line each. */
    public List<String> routeErrors() {
        return proxy.config().errors();
    }

    /** Requests sent to each replica since start or the last {@link #resetHits()}, by service then replica. */
    public Rows<ReplicaHits> hits() {
        Map<String, ServerStatus> live = new LinkedHashMap<>();
        proxy.servers().forEach(s -> live.put(s.service() + "/" + s.instanceId(), s));
        Map<String, ServerHits> counted = new LinkedHashMap<>();
        proxy.stats().serverHits().forEach(h -> counted.put(h.service() + "/" + h.instanceId(), h));
        List<String> keys = new ArrayList<>(counted.keySet());
        live.keySet().stream().filter(k -> !counted.containsKey(k)).forEach(keys::add);
        keys.sort(Comparator.comparing((String k) -> k.substring(0, k.indexOf('/')))
            .thenComparing(k -> k.substring(k.indexOf('/') + 1), ReplicaIds.ORDER));
        List<ReplicaHits> rows = new ArrayList<>();
        for (String k : keys) {
            ServerStatus s = live.get(k);
            ServerHits h = counted.get(k);
            ReplicaHits.State state = s == null ? ReplicaHits.State.GONE
                : s.healthy() ? ReplicaHits.State.UP : ReplicaHits.State.DOWN;
            rows.add(new ReplicaHits(s != null ? s.service() : h.service(), s != null ? s.instanceId() : h.instanceId(),
                s != null ? s.url() : h.url(), state, h == null ? 0 : h.requests()));
        }
        return Rows.of("hits", rows);
    }

    public void resetHits() {
        proxy.stats().reset();
    }

    @Override
    public String toString() {
        return "load balancer " + (isRunning() ? "on " + url() : "(stopped)");
    }
}
