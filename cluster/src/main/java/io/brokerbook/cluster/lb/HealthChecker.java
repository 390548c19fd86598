package io.brokerbook.cluster.lb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Traefik-style active health checks: every {@code interval} each server of a service gets
 * {@code GET path}; a non-2xx/3xx answer, an error or no answer within {@code timeout} takes it
 * out of the rotation, the next good answer brings it back.
 */
final class HealthChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private record Scheduled(Duration interval, ScheduledFuture<?> future) {
    }

    private final ScheduledExecutorService timer;
    private final LoopbackHttp client;
    private final Map<String, Scheduled> tasks = new HashMap<>();
    private volatile Map<String, ServiceBalancer> balancers = Map.of();

    /** Probes through {@code client}, which stays open (it belongs to the proxy). */
    HealthChecker(LoopbackHttp client) {
        this.client = client;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "lb-healthcheck");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Follows a new configuration: one periodic task per service, rescheduled if its interval changed. */
    synchronized void follow(Map<String, ServiceBalancer> current) {
        balancers = current;
        tasks.entrySet().removeIf(e -> {
            ServiceBalancer b = current.get(e.getKey());
            boolean stale = b == null || !b.healthCheck.interval().equals(e.getValue().interval());
            if (stale) {
                e.getValue().future().cancel(false);
            }
            return stale;
        });
        for (ServiceBalancer b : current.values()) {
            tasks.computeIfAbsent(b.name, name -> {
                long ms = b.healthCheck.interval().toMillis();
                return new Scheduled(b.healthCheck.interval(),
                    timer.scheduleWithFixedDelay(() -> check(name), ms, ms, TimeUnit.MILLISECONDS));
            });
        }
    }

    /** Checks every server of a service now (also used right after a passive failure). */
    void check(String service) {
        ServiceBalancer b = balancers.get(service);
        if (b == null) {
            return;
        }
        List<LiveServer> servers = b.servers;
        for (LiveServer s : servers) {
            if (s.removed()) {
                continue;
            }
            boolean up = probe(s, b.healthCheck);
            if (s.setHealthy(up)) {
                LOG.info("server {} of service {} is now {}", s.target.url(), service, up ? "UP" : "DOWN");
            }
        }
    }

    private boolean probe(LiveServer s, LabelConfig.HealthCheck hc) {
        String host = s.target.address().getHostString() + ":" + s.target.address().getPort();
        try {
            HttpReply r = client.send(s.target.address(), HttpRequestData.get(host, hc.path()), hc.timeout());
            return r.status() >= 200 && r.status() < 400;
        } catch (IOException e) {
            LOG.debug("health check of {} failed: {}", s.target.url(), e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        tasks.values().forEach(t -> t.future().cancel(false));
        tasks.clear();
        LoopbackServers.shutdown(timer);
    }
}
