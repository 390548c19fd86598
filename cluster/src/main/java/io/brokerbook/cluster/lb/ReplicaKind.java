package io.brokerbook.cluster.lb;

import java.util.Arrays;
import java.util.Locale;

/** The demo apps a replica can run, with the port each listens on "inside its container". */
public enum ReplicaKind {
    /** Like traefik/whoami: echoes who answered and the request it got. */
    WHOAMI(80),
    /** A model server: answers a JSON prediction after a configurable delay. */
    MODEL(8000);

    private final int defaultPort;

    ReplicaKind(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    public static ReplicaKind parse(String text) {
        for (ReplicaKind k : values()) {
            if (k.label().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new LbException("unknown kind '" + text + "' (choose one of "
            + String.join(", ", Arrays.stream(values()).map(ReplicaKind::label).toList()) + ")");
    }
}
