package io.brokerbook.kernel.output;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Installed once as {@code System.out} / {@code System.err}: each write goes to the cell of the
 * writing thread. A thread inherits its cell from the thread that started it, so output from
 * threads a cell started reaches that cell even after it ended; a thread with no cell (started
 * by the kernel itself) writes to the latest cell. Nothing is swapped per cell, nothing dropped.
 */
public final class OutputRouter {
    private final InheritableThreadLocal<CellOutput> current = new InheritableThreadLocal<>();
    private volatile CellOutput latest;
    private final PrintStream fallbackErr;

    public OutputRouter(PrintStream fallbackErr) {
        this.fallbackErr = fallbackErr;
    }

    public void install() {
        System.setOut(new PrintStream(new Routed(true), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routed(false), true, StandardCharsets.UTF_8));
    }

    /** Makes {@code cell} the target of the calling thread and of threads it starts from now on. */
    public void enter(CellOutput cell) {
        current.set(cell);
        latest = cell;
    }

    public void leave() {
        current.remove();
    }

    /**
     * The cell output of the calling thread, or the latest cell if the thread has none. Shared
     * pool threads (the common ForkJoinPool behind parallel streams) serve every cell, so they
     * write to the latest cell rather than to the one that happened to create them.
     */
    public CellOutput target() {
        CellOutput c = current.get();
        return c != null && !(Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread) ? c : latest;
    }

    private final class Routed extends OutputStream {
        private final boolean stdout;

        Routed(boolean stdout) {
            this.stdout = stdout;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CellOutput cell = target();
            if (cell == null) {
                fallbackErr.write(b, off, len);
            } else {
                cell.write(stdout, b, off, len);
            }
        }
    }
}
