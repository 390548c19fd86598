package io.brokerbook.magics.testing;

import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A MagicContext that records what a magic prints and displays, and can be interrupted. */
public final class RecordingContext implements MagicContext {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    public final List<DisplayData> displays = new CopyOnWriteArrayList<>();
    private final List<Runnable> interruptHandlers = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public void display(DisplayData data) {
        displays.add(data);
    }

    @Override
    public DisplayHandle displayUpdatable(DisplayData data) {
        displays.add(data);
        int index = displays.size() - 1;
        return new DisplayHandle() {
            @Override
            public String id() {
                return "d" + index;
            }

            @Override
            public void update(DisplayData d) {
                displays.set(index, d);
            }
        };
    }

    @Override
    public AutoCloseable onInterrupt(Runnable onInterrupt) {
        interruptHandlers.add(onInterrupt);
        return () -> interruptHandlers.remove(onInterrupt);
    }

    @Override
    public boolean interrupted() {
        return interrupted;
    }

    /** What the kernel does when the user presses "interrupt". */
    public void interrupt() {
        interrupted = true;
        interruptHandlers.forEach(Runnable::run);
    }

    public boolean hasInterruptHandler() {
        return !interruptHandlers.isEmpty();
    }

    /** Everything printed to stdout so far. */
    public String text() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    public String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
