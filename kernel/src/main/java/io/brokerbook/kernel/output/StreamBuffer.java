package io.brokerbook.kernel.output;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bytes written to one stream (stdout or stderr) of one cell, batched into {@code stream}
 * messages: a line is sent at once when the previous send is older than the batch window,
 * otherwise a single flush is scheduled at the end of the window. UTF-8 sequences split across
 * writes are kept whole.
 */
final class StreamBuffer {
    static final long WINDOW_MS = 40;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final Consumer<String> sink;
    private final ScheduledExecutorService timer;
    private long lastSendNanos;
    private boolean flushScheduled;
    private byte[] carry = new byte[0];

    StreamBuffer(Consumer<String> sink, ScheduledExecutorService timer) {
        this.sink = sink;
        this.timer = timer;
    }

    synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        boolean hasNewline = false;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                hasNewline = true;
                break;
            }
        }
        long sinceLast = System.nanoTime() - lastSendNanos;
        if (hasNewline && sinceLast >= TimeUnit.MILLISECONDS.toNanos(WINDOW_MS)) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            timer.schedule(this::flush, WINDOW_MS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized boolean hasPending() {
        return pending.size() > 0;
    }

    synchronized void flush() {
        flushScheduled = false;
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        String text = decode(bytes);
        if (!text.isEmpty()) {
            lastSendNanos = System.nanoTime();
            sink.accept(text);
        }
    }

    private String decode(byte[] bytes) {
        byte[] all = bytes;
        if (carry.length > 0) {
            all = new byte[carry.length + bytes.length];
            System.arraycopy(carry, 0, all, 0, carry.length);
            System.arraycopy(bytes, 0, all, carry.length, bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        CharBuffer out = CharBuffer.allocate(all.length + 1);
        decoder.reset();
        decoder.decode(in, out, false);
        carry = new byte[in.remaining()];
        in.get(carry);
        out.flip();
        return out.toString();
    }
}
