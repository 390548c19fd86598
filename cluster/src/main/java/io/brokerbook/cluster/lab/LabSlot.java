package io.brokerbook.cluster.lab;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one component of a kind a kernel may hold: the server {@code %KIND start} launched or the one
 * {@code %KIND connect} points at. It refuses a second start, cleans up after a crash (reporting it once), and
 * gives the one-line "nothing is running" error. Thread-safe.
 *
 * @param <C> the component type
 */
public final class LabSlot<C extends LabComponent> implements AutoCloseable {
    /** What {@link #start} returns: the new component, and the crash report of a predecessor it replaced. */
    public record Started<C>(C component, Optional<String> replacedCrash) { }

    private final String kind;
    private final String notRunning;
    private C current;

    /**
     * @param kind       the magic's name ({@code kafka}, {@code redis}, …)
     * @param notRunning the one line shown when a magic needs the component and none runs
     */
    LabSlot(String kind, String notRunning) {
        this.kind = kind;
        this.notRunning = notRunning;
    }

    public String kind() {
        return kind;
    }

    /** The usable component, or a one-line error: none started, or it crashed (then it is cleaned up). */
    public synchronized C require() {
        if (current == null) {
            throw new LabException(notRunning);
        }
        if (current.isRunning()) {
            return current;
        }
        ComponentStatus status = current.status();
        discard();
        if (status.state() == ComponentState.CRASHED) {
            throw crashed(status, null);
        }
        throw new LabException(notRunning);
    }

    /**
     * Runs {@code action} on the usable component (see {@link #require()}), without holding the slot while it
     * runs (a blocking command must not block {@code stop}). If the server crashed during the action, the
     * component is cleaned up now and the crash is the one-line error, so it is reported once.
     */
    public <T> T use(Function<? super C, T> action) {
        C component = require();
        try {
            return action.apply(component);
        } catch (LabException e) {
            ComponentStatus status = component.status();
            if (status.state() != ComponentState.CRASHED) {
                throw e;
            }
            synchronized (this) {
                if (current == component) {
                    discard();
                }
            }
            throw crashed(status, e);
        }
    }

    /** The component, if one is started or connected (even if it has crashed since). */
    public synchronized Optional<C> current() {
        return Optional.ofNullable(current);
    }

    /** Starts a component with {@code starter} unless one is running; a crashed one is cleaned up first. */
    public synchronized Started<C> start(Supplier<C> starter) {
        Optional<String> crash = refuseIfRunning();
        current = starter.get();
        return new Started<>(current, crash);
    }

    /** Connects to an existing server with {@code connector} unless a component is running. */
    public synchronized C connect(Supplier<C> connector) {
        refuseIfRunning();
        current = connector.get();
        return current;
    }

    /** Stops (or disconnects) the current component and returns it; a one-line error if there is none. */
    public synchronized C stop() {
        if (current == null) {
            throw new LabException(notRunning);
        }
        C old = current;
        discard();
        return old;
    }

    /** The status row of this kind: the component's, or "stopped". */
    public synchronized ComponentStatus status() {
        if (current == null) {
            return ComponentStatus.stopped(kind);
        }
        try {
            return current.status();
        } catch (LabException e) {
            return new ComponentStatus(kind, ComponentState.CRASHED, Optional.empty(), Optional.empty(), "-",
                Optional.of(e.getMessage()));
        }
    }

    private LabException crashed(ComponentStatus status, Throwable cause) {
        return new LabException(status.detail().orElse(kind + " stopped unexpectedly.")
            + " Run %" + kind + " start to start it again.", cause);
    }

    private Optional<String> refuseIfRunning() {
        if (current == null) {
            return Optional.empty();
        }
        ComponentStatus status = current.status();
        if (!current.isRunning()) {
            discard();
            return crashReport(status);
        }
        String address = status.address().orElse("?");
        throw new LabException(current.ownsServer()
            ? kind + " is already running at " + address + "; run %" + kind + " stop first."
            : "Already connected to " + address + "; run %" + kind + " stop to disconnect first.");
    }

    private Optional<String> crashReport(ComponentStatus status) {
        if (status.state() != ComponentState.CRASHED) {
            return Optional.empty();
        }
        return Optional.of(status.detail().orElse(kind + " stopped unexpectedly."));
    }

    private void discard() {
        C old = current;
        current = null;
        if (old != null) {
            old.stop();
        }
    }

    @Override
    public synchronized void close() {
        discard();
    }
}
