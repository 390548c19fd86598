package io.brokerbook.magics;

import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

import java.io.PrintStream;

/**
 * What a running magic may do to the notebook. The kernel implements it for the cell being
 * executed; magics never see protocol types.
 */
public interface MagicContext {
    /** Text printed here becomes the cell's stdout stream. */
    PrintStream out();

    /** Text printed here becomes the cell's stderr stream. */
    PrintStream err();

    /** Shows rich output (display_data) under the cell. */
    void display(DisplayData data);

    /** Shows rich output that can later be replaced in place (progress, live tables). */
    DisplayHandle displayUpdatable(DisplayData data);

    /**
     * Runs {@code onInterrupt} if the user interrupts the cell while the returned registration is
     * open (e.g. {@code consumer::wakeup}). The executing thread is also interrupted.
     */
    AutoCloseable onInterrupt(Runnable onInterrupt);

    /** True once the user asked to interrupt the cell. */
    boolean interrupted();

    /** Throws {@link MagicException} if the user asked to interrupt the cell. */
    default void checkInterrupted() {
        if (interrupted()) {
            throw new MagicException("Interrupted.");
        }
    }
}
