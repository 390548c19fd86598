package io.brokerbook.cluster.lb;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.Similar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The lab's "docker compose": named services of demo replicas that register themselves (with
 * their labels) in the {@link ServiceRegistry} when they start and deregister before they stop.
 * Scaling down is graceful: deregister (the proxy stops choosing the replica and waits for the
 * requests it already sent), then let the replica finish what it is serving, then stop it.
 * It lives as long as the kernel: the load balancer may stop and start again and finds the services here.
 */
public final class ServiceFleet implements AutoCloseable {
    public static final int MAX_REPLICAS = 50;
    /** Looked up when something is logged: the kernel starts without starting log4j. */
    private static Logger log() {
        return LoggerFactory.getLogger(ServiceFleet.class);
    }
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Duration DRAIN_MAX = Duration.ofSeconds(10);

    /** The definition of a running service and its replicas, oldest first. */
    private static final class RunningService {
        final String name;
        final ReplicaKind kind;
        final Duration delay;
        final Map<String, String> labels;
        final int containerPort;
        final List<DemoReplica> replicas = new ArrayList<>();
        int nextNumber = 1;

        RunningService(String name, ReplicaKind kind, Duration delay, Map<String, String> labels, int containerPort) {
            this.name = name;
            this.kind = kind;
            this.delay = delay;
            this.labels = labels;
            this.containerPort = containerPort;
        }
    }

    private final ServiceRegistry registry = new ServiceRegistry();
    private final Map<String, RunningService> services = new LinkedHashMap<>();

    /** Where the replicas announce themselves; the load balancer watches it. */
    public ServiceRegistry registry() {
        return registry;
    }

    /**
     * Starts {@code replicas} replicas of a new service. Labels are checked first (bad rule or
     * unknown key: one-line {@link LbException}, nothing started).
     */
    public synchronized List<DemoReplica> run(String name, int replicas, ReplicaKind kind, Duration delay,
                                              Map<String, String> labels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new LbException("service name '" + name + "' is not valid: use lower-case letters, digits, - and _");
        }
        RunningService existing = services.get(name);
        if (existing != null) {
            throw new LbException("service " + name + " is already running with " + existing.replicas.size()
                + " replicas; scale it with %service scale " + name + " N or stop it first");
        }
        checkReplicaCount(replicas, 1);
        if (delay.isNegative()) {
            throw new LbException("the delay must not be negative");
        }
        LabelConfig parsed = TraefikLabels.parse(name, labels);
        int containerPort = parsed.services().values().stream().map(LabelConfig.ServiceSpec::port)
            .filter(p -> p != null).findFirst().orElse(kind.defaultPort());
        RunningService s = new RunningService(name, kind, delay, Map.copyOf(labels), containerPort);
        services.put(name, s);
        try {
            for (int i = 0; i < replicas; i++) {
                addReplica(s);
            }
        } catch (RuntimeException e) {
            stop(name);
            throw e;
        }
        return List.copyOf(s.replicas);
    }

    /** Adds or removes replicas (newest removed first) until there are {@code replicas}. */
    public synchronized void scale(String name, int replicas) {
        RunningService s = require(name);
        checkReplicaCount(replicas, 0);
        while (s.replicas.size() < replicas) {
            addReplica(s);
        }
        while (s.replicas.size() > replicas) {
            removeGracefully(s, s.replicas.get(s.replicas.size() - 1));
        }
    }

    /** Gracefully removes one named replica (e.g. {@code whoami-2}). */
    public synchronized void stopReplica(String replicaId) {
        for (RunningService s : services.values()) {
            for (DemoReplica r : s.replicas) {
                if (r.id().equals(replicaId)) {
                    removeGracefully(s, r);
                    return;
                }
            }
        }
        throw new LbException("unknown replica '" + replicaId + "'; see %service list");
    }

    /** Stops every replica of the service gracefully and forgets it. */
    public synchronized void stop(String name) {
        RunningService s = require(name);
        while (!s.replicas.isEmpty()) {
            removeGracefully(s, s.replicas.get(s.replicas.size() - 1));
        }
        services.remove(name);
    }

    public synchronized List<String> names() {
        return List.copyOf(services.keySet());
    }

    /** Ids of every running replica, e.g. {@code whoami-1}. */
    public synchronized List<String> replicaIds() {
        return services.values().stream().flatMap(s -> s.replicas.stream()).map(DemoReplica::id).toList();
    }

    public synchronized List<DemoReplica> replicas(String name) {
        return List.copyOf(require(name).replicas);
    }

    /** One row per replica: SERVICE, REPLICA, KIND, PORT, ADDRESS, HEALTH, REQUESTS, LABELS. */
    public synchronized Rows<ServiceReplica> list() {
        List<ServiceReplica> rows = new ArrayList<>();
        for (RunningService s : services.values()) {
            for (DemoReplica r : s.replicas) {
                rows.add(new ServiceReplica(s.name, r.id(), s.kind, s.containerPort, r.url(), r.healthStatus(),
                    r.served(), Collections.unmodifiableSortedMap(new TreeMap<>(s.labels))));
            }
        }
        return Rows.of("services", rows);
    }

    private RunningService require(String name) {
        RunningService s = services.get(name);
        if (s == null) {
            List<String> close = Similar.closest(name, services.keySet(), 2);
            throw new LbException("unknown service '" + name + "'"
                + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)")
                + "; running: " + (services.isEmpty() ? "none" : String.join(", ", services.keySet()))
                + ". See %service list");
        }
        return s;
    }

    private static void checkReplicaCount(int replicas, int min) {
        if (replicas < min || replicas > MAX_REPLICAS) {
            throw new LbException("replicas must be between " + min + " and " + MAX_REPLICAS + ", not " + replicas);
        }
    }

    private void addReplica(RunningService s) {
        DemoReplica r = new DemoReplica(s.name, s.name + "-" + s.nextNumber++, s.kind, s.delay);
        try {
            registry.register(new ServiceInstance(s.name, r.id(), s.containerPort, r.address(), s.labels));
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        s.replicas.add(r);
        log().info("replica {} started on {}", r.id(), r.url());
    }

    private void removeGracefully(RunningService s, DemoReplica r) {
        registry.deregister(r.id());
        r.drainAndStop(DRAIN_MAX);
        s.replicas.remove(r);
        log().info("replica {} stopped after serving {} requests", r.id(), r.served());
    }

    @Override
    public synchronized void close() {
        for (String name : new ArrayList<>(services.keySet())) {
            try {
                stop(name);
            } catch (RuntimeException e) {
                log().warn("stopping service {} failed", name, e);
            }
        }
    }
}
