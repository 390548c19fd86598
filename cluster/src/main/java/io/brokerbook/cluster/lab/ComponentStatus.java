package io.brokerbook.cluster.lab;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed status of one lab component: one row of {@code %lab status}.
 *
 * @param kind           what it is: {@code kafka}, {@code redis}, {@code lb}, …
 * @param state          running, connected, crashed or stopped
 * @param address        where clients reach it ({@code 127.0.0.1:9092,…}, {@code redis://127.0.0.1:6379}); empty when stopped
 * @param dataDir        where it keeps its data, if anywhere
 * @param implementation which server runs it: a binary's path and version, or the in-JVM implementation
 * @param detail         a one-line note: a crash report, "temp data", …
 */
public record ComponentStatus(String kind, ComponentState state, Optional<String> address, Optional<Path> dataDir,
                              @Column("SERVER") String implementation, Optional<String> detail) {
    public ComponentStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(detail, "detail");
    }

    /** The row of a kind with nothing started or connected. */
    public static ComponentStatus stopped(String kind) {
        return new ComponentStatus(kind, ComponentState.STOPPED, Optional.empty(), Optional.empty(), "-", Optional.empty());
    }
}
