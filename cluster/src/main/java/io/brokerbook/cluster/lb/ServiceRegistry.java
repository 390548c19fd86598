package io.brokerbook.cluster.lb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lab's stand-in for the Docker daemon's container list: replicas register themselves with
 * their labels and watchers (the proxy's provider) are told at once, in order. A watcher returns
 * before {@link #register}/{@link #deregister} does, so when {@code deregister} returns the proxy
 * has stopped sending to that replica.
 */
public final class ServiceRegistry {
    /** Looked up when something is logged: the kernel starts without starting log4j. */
    private static Logger log() {
        return LoggerFactory.getLogger(ServiceRegistry.class);
    }

    private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    public synchronized void register(ServiceInstance instance) {
        if (instances.containsKey(instance.id())) {
            throw new LbException("a replica named " + instance.id() + " is already registered");
        }
        instances.put(instance.id(), instance);
        fire(new RegistryEvent(RegistryEvent.Type.REGISTERED, instance));
    }

    /** Removes the instance; returns false if it was not registered. */
    public synchronized boolean deregister(String instanceId) {
        ServiceInstance removed = instances.remove(instanceId);
        if (removed != null) {
            fire(new RegistryEvent(RegistryEvent.Type.DEREGISTERED, removed));
        }
        return removed != null;
    }

    public synchronized List<ServiceInstance> snapshot() {
        return List.copyOf(instances.values());
    }

    /** Starts watching: {@code listener} first gets the current instances, then every change. Close to stop. */
    public synchronized AutoCloseable watch(RegistryListener listener) {
        listeners.add(listener);
        deliver(listener, new RegistryEvent(RegistryEvent.Type.INITIAL, null), snapshot());
        return () -> listeners.remove(listener);
    }

    private void fire(RegistryEvent event) {
        List<ServiceInstance> now = List.copyOf(new ArrayList<>(instances.values()));
        for (RegistryListener l : listeners) {
            deliver(l, event, now);
        }
    }

    private static void deliver(RegistryListener l, RegistryEvent event, List<ServiceInstance> now) {
        try {
            l.onChange(event, now);
        } catch (RuntimeException e) {
            log().warn("Registry watcher failed on {}", event, e);
        }
    }
}
