package io.brokerbook.cluster.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every lab component of one kernel, one {@link LabSlot} per kind, in the order the packs registered them.
 * The kernel owns one instance: {@link #status()} is {@code %lab status}, and {@link #close()} at shutdown stops
 * every component without knowing their names.
 */
public final class LabComponents implements AutoCloseable {
    /** Looked up when something is logged: the kernel starts without starting log4j. */
    private static Logger log() {
        return LoggerFactory.getLogger(LabComponents.class);
    }

    private final Map<String, LabSlot<?>> slots = new LinkedHashMap<>();

    /**
     * Registers the slot of a kind.
     *
     * @param kind       the magic's name ({@code kafka}, {@code redis}, …); registered once
     * @param notRunning the one line shown when a magic needs this component and none runs
     */
    public synchronized <C extends LabComponent> LabSlot<C> register(String kind, String notRunning) {
        if (slots.containsKey(kind)) {
            throw new IllegalStateException("A lab component of kind " + kind + " is already registered");
        }
        LabSlot<C> slot = new LabSlot<>(kind, notRunning);
        slots.put(kind, slot);
        return slot;
    }

    /** One status row per registered kind, in registration order. */
    public List<ComponentStatus> status() {
        List<LabSlot<?>> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
        }
        return all.stream().map(LabSlot::status).toList();
    }

    /** Stops every component, last registered first; one failing does not stop the others. */
    @Override
    public void close() {
        List<LabSlot<?>> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
        }
        Collections.reverse(all);
        for (LabSlot<?> slot : all) {
            try {
                slot.close();
            } catch (RuntimeException e) {
                log().warn("Stopping the {} lab component failed", slot.kind(), e);
            }
        }
    }
}
