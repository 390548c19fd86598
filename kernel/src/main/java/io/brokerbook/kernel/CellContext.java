package io.brokerbook.kernel;

import io.brokerbook.kernel.output.CellOutput;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The cell being executed, as magics see it; also what an interrupt acts on. */
final class CellContext implements MagicContext {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(CellContext.class);
    }

    private final CellOutput output;
    private final List<Runnable> interruptHooks = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    CellContext(CellOutput output) {
        this.output = output;
    }

    CellOutput output() {
        return output;
    }

    @Override
    public PrintStream out() {
        return output.out();
    }

    @Override
    public PrintStream err() {
        return output.err();
    }

    @Override
    public void display(DisplayData data) {
        output.display(data, null);
    }

    @Override
    public DisplayHandle displayUpdatable(DisplayData data) {
        String id = UUID.randomUUID().toString();
        output.display(data, id);
        return new DisplayHandle() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void update(DisplayData newData) {
                output.updateDisplay(newData, id);
            }
        };
    }

    @Override
    public AutoCloseable onInterrupt(Runnable hook) {
        interruptHooks.add(hook);
        if (interrupted) {
            hook.run();
        }
        return () -> interruptHooks.remove(hook);
    }

    @Override
    public boolean interrupted() {
        return interrupted;
    }

    /** Marks the cell interrupted and runs the hooks magics registered. */
    void interrupt() {
        interrupted = true;
        for (Runnable hook : interruptHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log().warn("Interrupt hook failed: {}", e.toString());
            }
        }
    }
}
