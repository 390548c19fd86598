package io.brokerbook.kernel.api;

import java.util.function.BiConsumer;

/** A shown output that {@link #update} replaces in place. Returned by {@code display(...)}. */
public final class DisplayRef {
    private final String id;
    private final BiConsumer<String, Object> updater;

    DisplayRef(String id, BiConsumer<String, Object> updater) {
        this.id = id;
        this.updater = updater;
    }

    public String id() {
        return id;
    }

    public void update(Object value) {
        updater.accept(id, value);
    }

    @Override
    public String toString() {
        return "DisplayRef[" + id + "]";
    }
}
