package io.brokerbook.kernel.output;

import com.google.gson.JsonObject;
import io.brokerbook.kernel.protocol.IOPub;
import io.brokerbook.magics.display.DisplayData;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Where one cell's output goes: its stdout/stderr streams and its rich displays, all parented to
 * the cell's execute_request. Threads the cell started keep writing here after it ended. A silent
 * cell publishes nothing.
 */
public final class CellOutput {
    private final JsonObject parent;
    private final boolean silent;
    private final IOPub iopub;
    private final StreamBuffer stdout;
    private final StreamBuffer stderr;
    private final PrintStream out;
    private final PrintStream err;
    private final InputRequester input;
    private final Supplier<JsonObject> executing;

    /**
     * {@code input} is null when the client does not allow stdin for this cell; {@code executing} gives the
     * execute_request running now (null when none), see {@link #updateDisplay}.
     */
    public CellOutput(JsonObject parent, boolean silent, IOPub iopub, ScheduledExecutorService timer,
                      InputRequester input, Supplier<JsonObject> executing) {
        this.parent = parent;
        this.executing = executing;
        this.input = input;
        this.silent = silent;
        this.iopub = iopub;
        this.stdout = new StreamBuffer(text -> publishStream("stdout", text), timer);
        this.stderr = new StreamBuffer(text -> publishStream("stderr", text), timer);
        this.out = new PrintStream(new BufferStream(this, true), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new BufferStream(this, false), true, StandardCharsets.UTF_8);
    }

    private void publishStream(String name, String text) {
        if (!silent) {
            iopub.stream(parent, name, text);
        }
    }

    public InputRequester input() {
        return input;
    }

    public JsonObject parent() {
        return parent;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Keeps stdout and stderr in the order they were written: writing to one flushes the other. */
    void write(boolean toStdout, byte[] b, int off, int len) {
        StreamBuffer target = toStdout ? stdout : stderr;
        StreamBuffer other = toStdout ? stderr : stdout;
        if (other.hasPending()) {
            other.flush();
        }
        target.write(b, off, len);
    }

    public void flush() {
        stdout.flush();
        stderr.flush();
    }

    public void display(DisplayData data, String displayId) {
        flush();
        if (!silent) {
            iopub.displayData(parent, data.data(), data.metadata(), displayId);
        }
    }

    /**
     * Replaces a display in place. Once this cell has ended (a watch drawing in the background), the update is
     * parented to the request executing now, as ipykernel does: nbclient (nbconvert --execute) only reads the
     * messages of the cell it is running and then updates every output with that display id, and JupyterLab routes
     * update_display_data by display id whatever its parent.
     */
    public void updateDisplay(DisplayData data, String displayId) {
        flush();
        if (!silent) {
            JsonObject now = executing.get();
            iopub.updateDisplayData(now != null ? now : parent, data.data(), data.metadata(), displayId);
        }
    }

    public void result(int executionCount, DisplayData data) {
        flush();
        if (!silent) {
            iopub.executeResult(parent, executionCount, data.data(), data.metadata());
        }
    }

    private static final class BufferStream extends OutputStream {
        private final CellOutput cell;
        private final boolean stdout;

        BufferStream(CellOutput cell, boolean stdout) {
            this.cell = cell;
            this.stdout = stdout;
        }

        @Override
        public void write(int b) {
            cell.write(stdout, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            cell.write(stdout, b, off, len);
        }
    }
}
