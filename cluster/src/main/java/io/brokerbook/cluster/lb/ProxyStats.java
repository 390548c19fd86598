package io.brokerbook.cluster.lb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters per router, service and replica, plus the proxy's own answers (404, 502, 503). */
public final class ProxyStats {
    private record Key(String service, String instanceId) {
    }

    private final Map<String, LongAdder> routers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> services = new ConcurrentHashMap<>();
    private final Map<Key, LongAdder> servers = new ConcurrentHashMap<>();
    private final Map<Key, String> urls = new ConcurrentHashMap<>();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder badGateway = new LongAdder();
    private final LongAdder retries = new LongAdder();

    void served(String router, DynamicConfig.ServerTarget server) {
        routers.computeIfAbsent(router, k -> new LongAdder()).increment();
        services.computeIfAbsent(server.service(), k -> new LongAdder()).increment();
        Key key = new Key(server.service(), server.instanceId());
        urls.putIfAbsent(key, server.url());
        servers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void countNotFound() {
        notFound.increment();
    }

    void countUnavailable(String router) {
        routers.computeIfAbsent(router, k -> new LongAdder()).increment();
        unavailable.increment();
    }

    void countBadGateway(String router) {
        routers.computeIfAbsent(router, k -> new LongAdder()).increment();
        badGateway.increment();
    }

    void retried() {
        retries.increment();
    }

    public long routerRequests(String router) {
        LongAdder a = routers.get(router);
        return a == null ? 0 : a.sum();
    }

    public long serviceRequests(String service) {
        LongAdder a = services.get(service);
        return a == null ? 0 : a.sum();
    }

    public long serverRequests(String service, String instanceId) {
        LongAdder a = servers.get(new Key(service, instanceId));
        return a == null ? 0 : a.sum();
    }

    /** 404 answers: no router matched. */
    public long notFound() {
        return notFound.sum();
    }

    /** 503 answers: the service had no healthy server. */
    public long unavailable() {
        return unavailable.sum();
    }

    /** 502 answers: the backend failed and the request could not be retried. */
    public long badGateway() {
        return badGateway.sum();
    }

    /** Requests sent again to another replica after a connection failure. */
    public long retries() {
        return retries.sum();
    }

    /** Per replica, sorted by service then replica id (natural order of the trailing number). */
    public List<ServerHits> serverHits() {
        List<ServerHits> out = new ArrayList<>();
        servers.forEach((k, v) -> out.add(new ServerHits(k.service(), k.instanceId(), urls.get(k), v.sum())));
        out.sort(Comparator.comparing(ServerHits::service).thenComparing(h -> h.instanceId(), ReplicaIds.ORDER));
        return out;
    }

    public void reset() {
        routers.clear();
        services.clear();
        servers.clear();
        urls.clear();
        notFound.reset();
        unavailable.reset();
        badGateway.reset();
        retries.reset();
    }
}
