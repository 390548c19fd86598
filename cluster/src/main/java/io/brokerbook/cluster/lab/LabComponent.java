package io.brokerbook.cluster.lab;

/**
 * One server of the lab: either started here (a child process or in this JVM, bound to 127.0.0.1) or an
 * existing server the lab connected to. Every component has the same life:
 * <ul>
 *   <li>a static {@code start(Options)} that returns once it serves, and a static {@code connect(address)} for an
 *       existing server — both fail with a one-line {@link LabException};</li>
 *   <li>{@link #status()} as a typed record, {@link #isRunning()};</li>
 *   <li>{@link #stop()}: stops a server it started (removing temp data), or disconnects from an existing one;
 *       idempotent, and {@link #close()} does the same.</li>
 * </ul>
 * A kernel holds at most one component of each kind in a {@link LabSlot}; {@link LabComponents} holds the slots.
 * A component that runs a child process starts it as an {@link io.brokerbook.cluster.process.SupervisedProcess},
 * so it never outlives the kernel (SIGKILL included), and claims a user's data dir with
 * {@link io.brokerbook.cluster.process.DataDirLock}; it takes its port with {@link LocalPort}.
 */
public interface LabComponent extends AutoCloseable {
    /** What kind of server this is: {@code kafka}, {@code redis}, {@code lb}, … (the magic's name). */
    String kind();

    /** True if this lab started the server; false if it is connected to one it does not own. */
    boolean ownsServer();

    /**
     * True while the server (or the connection to an existing one) is usable; false once stopped or crashed.
     * Called before every magic that needs the component: keep it cheap (no network round trip).
     */
    boolean isRunning();

    /** The status row; CRASHED with the crash report as detail once a server this lab started died on its own. */
    ComponentStatus status();

    /** Stops the server this lab started (or disconnects); safe to call twice and after a crash. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
