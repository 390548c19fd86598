package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.HttpReply;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.LoopbackHttp;
import io.brokerbook.cluster.lb.ReplicaHits;
import io.brokerbook.cluster.lb.ReplicaIds;
import io.brokerbook.cluster.lb.ReplicaKind;
import io.brokerbook.cluster.lb.Route;
import io.brokerbook.cluster.lb.ServiceFleet;
import io.brokerbook.cluster.lb.TraefikLabels;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What Java cells get as {@code lb}: the load balancer {@code %lb start} started, the demo services behind it
 * ({@code %service}) and a curl for requests through it ({@code %http}). Failures are one-line lab errors.
 * <pre>{@code
 * lb.run("whoami", 3, "traefik.enable=true", "traefik.http.routers.whoami.rule=Host(`whoami.localhost`)");
 * lb.countByReplica(30, "whoami.localhost", "/");
 * lb.hits().stream().mapToLong(h -> h.requests()).sum();
 * }</pre>
 */
public final class LoadBalancerApi {
    private final LabSlot<LoadBalancer> slot;
    private final ServiceFleet fleet;
    private LoopbackHttp http;

    LoadBalancerApi(LabSlot<LoadBalancer> slot, ServiceFleet fleet) {
        this.slot = slot;
        this.fleet = fleet;
    }

    // ---- the load balancer ----

    /** Starts the load balancer for the services of this kernel; a one-line error if one is running. */
    LoadBalancer start(OptionalInt port, OptionalInt dashboardPort) {
        LoadBalancer.Options options = new LoadBalancer.Options(fleet.registry(), http(), port, dashboardPort);
        return slot.start(() -> LoadBalancer.start(options)).component();
    }

    /** Stops the load balancer; its URL, or empty if none was running. */
    Optional<String> stopBalancer() {
        Optional<LoadBalancer> current = slot.current().filter(LoadBalancer::isRunning);
        current.ifPresent(b -> slot.stop());
        return current.map(LoadBalancer::url);
    }

    /** The running load balancer, or a one-line error saying how to start it. */
    public LoadBalancer balancer() {
        return slot.require();
    }

    public boolean running() {
        return slot.current().map(LoadBalancer::isRunning).orElse(false);
    }

    public ComponentStatus status() {
        return slot.status();
    }

    /** The entry point's base URL, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        return balancer().url();
    }

    public int port() {
        return balancer().port();
    }

    public String dashboardUrl() {
        return balancer().dashboardUrl();
    }

    public int dashboardPort() {
        return balancer().dashboardPort();
    }

    /** Routers with their rule, service and servers, highest priority first. */
    public Rows<Route> routes() {
        return balancer().routes();
    }

    public List<String> routeErrors() {
        return balancer().routeErrors();
    }

    /** Requests per replica since start or the last {@link #resetHits()}. */
    public Rows<ReplicaHits> hits() {
        return balancer().hits();
    }

    public void resetHits() {
        balancer().resetHits();
    }

    // ---- the services behind it ----

    public ServiceFleet services() {
        return fleet;
    }

    /** Starts a whoami service; labels as {@code key=value}. */
    public List<DemoReplica> run(String name, int replicas, String... labels) {
        return fleet.run(name, replicas, ReplicaKind.WHOAMI, Duration.ZERO, TraefikLabels.of(labels));
    }

    /** Starts a model service answering after {@code delayMs}; labels as {@code key=value}. */
    public List<DemoReplica> runModel(String name, int replicas, long delayMs, String... labels) {
        return fleet.run(name, replicas, ReplicaKind.MODEL, Duration.ofMillis(delayMs), TraefikLabels.of(labels));
    }

    public void scale(String name, int replicas) {
        fleet.scale(name, replicas);
    }

    /** Stops every replica of a service. */
    public void stop(String name) {
        fleet.stop(name);
    }

    /** Gracefully stops one replica, e.g. {@code whoami-2}. */
    public void stopReplica(String replicaId) {
        fleet.stopReplica(replicaId);
    }

    // ---- requests through it ----

    /** {@code GET path} through the load balancer with {@code Host: host}. */
    public HttpReply get(String host, String path) {
        return request("GET", host, path, null);
    }

    /** {@code POST path} through the load balancer with {@code Host: host} and a text body. */
    public HttpReply post(String host, String path, String body) {
        return request("POST", host, path, body);
    }

    /** Any request through the load balancer with {@code Host: host}. */
    public HttpReply request(String method, String host, String path, String body) {
        String target = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        return send(method, URI.create(url() + target), List.of(Map.entry("Host", host)), body);
    }

    /** Like curl, to any loopback URL ({@code *.localhost} names are loopback); a Host header replaces the URL's. */
    public HttpReply send(String method, URI url, List<Map.Entry<String, String>> headers, String body) {
        return http().request(method, url, headers, body);
    }

    /**
     * Sends {@code n} GETs through the load balancer and counts who answered: the replica id (the demo apps'
     * {@code X-Replica} header), or {@code HTTP <status>} for the load balancer's own answers.
     */
    public Map<String, Integer> countByReplica(int n, String host, String path) {
        Map<String, Integer> counts = new TreeMap<>(ReplicaIds.ORDER);
        for (int i = 0; i < n; i++) {
            HttpReply r = get(host, path);
            counts.merge(r.header("X-Replica").orElse("HTTP " + r.status()), 1, Integer::sum);
        }
        return counts;
    }

    /** The kernel's one HTTP client for the load balancer and the curl, made on first use. */
    private synchronized LoopbackHttp http() {
        if (http == null) {
            http = new LoopbackHttp(Duration.ofSeconds(1), "lb-http");
        }
        return http;
    }

    /**
     * At kernel shutdown: the load balancer stops first (so removing the replicas does not reconfigure it once per
     * replica), then every service, then the HTTP client's threads.
     */
    synchronized void shutdown() {
        slot.close();
        fleet.close();
        if (http != null) {
            http.close();
            http = null;
        }
    }

    @Override
    public String toString() {
        return "lb: " + (running() ? "load balancer on " + url() : "load balancer stopped") + ", services "
            + fleet.names();
    }
}
