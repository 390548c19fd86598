package io.brokerbook.kernel.output;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Installed once as {@code System.in}: a read with nothing buffered asks the frontend of the
 * reading thread's cell for a line. When that client does not allow stdin the read fails with a
 * clear message instead of hanging.
 */
public final class StdinBridge extends InputStream {
    private final Supplier<InputRequester> requesterOfCurrentCell;
    private byte[] line = new byte[0];
    private int pos;

    public StdinBridge(Supplier<InputRequester> requesterOfCurrentCell) {
        this.requesterOfCurrentCell = requesterOfCurrentCell;
    }

    public void install() {
        System.setIn(this);
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - pos;
    }

    private boolean fill() throws InterruptedIOException {
        if (pos < line.length) {
            return true;
        }
        InputRequester requester = requesterOfCurrentCell.get();
        if (requester == null) {
            throw new IllegalStateException("stdin is not available: this client does not allow input "
                + "(allow_stdin=false). Put the value in the code instead of reading it.");
        }
        try {
            String text = requester.readLine("", false);
            line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for input");
        }
    }
}
