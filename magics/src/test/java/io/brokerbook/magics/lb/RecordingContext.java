package io.brokerbook.magics.lb;

import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A MagicContext that records what a magic printed and displayed. */
final class RecordingContext implements MagicContext {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    final List<DisplayData> displays = new ArrayList<>();

    @Override
    public PrintStream out() {
        return outStream;
    }

    @Override
    public PrintStream err() {
        return errStream;
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
        return () -> { };
    }

    @Override
    public boolean interrupted() {
        return false;
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
