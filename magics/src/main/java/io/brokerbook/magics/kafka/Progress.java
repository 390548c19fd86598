package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

/**
 * A live line under the cell for long work ("312 000 / 1 000 000 records sent, 250 000 rec/s"), shown only once
 * the work has lasted a moment, and replaced in place by the final result.
 */
final class Progress {
    private static final long SHOW_AFTER_NANOS = 300_000_000L;

    private final MagicContext ctx;
    private final long started = System.nanoTime();
    private DisplayHandle handle;

    Progress(MagicContext ctx) {
        this.ctx = ctx;
    }

    /** Shows the line at once (e.g. "waiting for records"), or updates it. */
    synchronized void show(String line) {
        if (handle == null) {
            handle = ctx.displayUpdatable(line(line));
        } else {
            handle.update(line(line));
        }
    }

    private static DisplayData line(String line) {
        return DisplayData.text(line)
            .put(DisplayData.HTML, "<pre class=\"brokerbook-progress\">" + line.replace("&", "&amp;").replace("<", "&lt;") + "</pre>");
    }

    /** Shows or updates the progress line (ignored during the first moment, so quick work shows no flicker). */
    synchronized void update(String line) {
        if (handle == null) {
            if (System.nanoTime() - started < SHOW_AFTER_NANOS) {
                return;
            }
            handle = ctx.displayUpdatable(line(line));
            return;
        }
        handle.update(line(line));
    }

    /** Replaces the progress line by the final display, or shows it if no progress was shown. */
    synchronized void finish(DisplayData result) {
        if (handle != null) {
            handle.update(result);
        } else {
            ctx.display(result);
        }
    }

    static String bar(long done, long total) {
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
