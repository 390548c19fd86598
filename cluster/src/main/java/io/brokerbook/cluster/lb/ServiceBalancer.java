package io.brokerbook.cluster.lb;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Round robin over the healthy servers of one service. */
final class ServiceBalancer {
    final String name;
    final List<LiveServer> servers;
    final LabelConfig.HealthCheck healthCheck;
    private final AtomicLong next;

    ServiceBalancer(String name, List<LiveServer> servers, LabelConfig.HealthCheck healthCheck, AtomicLong next) {
        this.name = name;
        this.servers = List.copyOf(servers);
        this.healthCheck = healthCheck;
        this.next = next;
    }

    AtomicLong counter() {
        return next;
    }

    /** The next healthy server not in {@code tried}, or null if there is none. */
    LiveServer pick(Set<LiveServer> tried) {
        int n = servers.size();
        for (int i = 0; i < n; i++) {
            LiveServer s = servers.get((int) Math.floorMod(next.getAndIncrement(), (long) n));
            if (s.healthy() && !tried.contains(s)) {
                return s;
            }
        }
        return null;
    }
}
