package io.brokerbook.kernel.api;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes an object from the kernel into JShell code once: the kernel puts it under a random
 * token and evaluates {@code Type name = (Type) Handoff.take("token");}. Nothing stays here
 * afterwards, so this is a hand-over point, not a registry of kernel state.
 */
public final class Handoff {
    private static final Map<String, Object> PENDING = new ConcurrentHashMap<>();

    private Handoff() {
    }

    public static String put(Object value) {
        String token = UUID.randomUUID().toString();
        PENDING.put(token, value);
        return token;
    }

    public static Object take(String token) {
        Object v = PENDING.remove(token);
        if (v == null) {
            throw new IllegalStateException("Nothing handed over under " + token);
        }
        return v;
    }
}
