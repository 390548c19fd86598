package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A picture redrawn in place (one display, updated with update_display_data) every {@code every} until
 * {@code total} has passed, the cell is interrupted, or {@link #close()} (from {@code %kafka watch stop},
 * {@code %kafka stop} or kernel shutdown). It runs in the cell ({@link #runHere}) or on a thread of its own
 * ({@link #startBackground}) that {@code close()} ends and joins.
 */
final class LiveWatch implements AutoCloseable {
    /** Draws the next frame; {@code status} is "" while running, else why it stopped. */
    interface Frames {
        DisplayData frame(String status);
    }

    private final String name;
    private final Duration every;
    private final Duration total;
    private final Frames frames;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String stopReason = "stopped";
    private volatile int updates;
    private Thread thread;

    LiveWatch(String name, Duration every, Duration total, Frames frames) {
        this.name = name;
        this.every = every;
        this.total = total;
        this.frames = frames;
    }

    boolean isRunning() {
        return running;
    }

    /** How many times the display was redrawn (the first frame not counted). */
    int updates() {
        return updates;
    }

    /** Shows the first frame and redraws it until done; returns the reason it stopped. */
    String runHere(MagicContext ctx) {
        DisplayHandle handle = ctx.displayUpdatable(frames.frame(""));
        try (AutoCloseable ignored = ctx.onInterrupt(() -> stop("interrupted"))) {
            loop(handle);
        } catch (Exception e) {
            stop("failed: " + LabException.oneLine(e));
        }
        return stopReason;
    }

    /** Shows the first frame and leaves the redrawing to a thread of its own. */
    void startBackground(MagicContext ctx) {
        DisplayHandle handle = ctx.displayUpdatable(frames.frame(""));
        thread = new Thread(() -> loop(handle), "brokerbook-watch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(DisplayHandle handle) {
        long start = System.nanoTime();
        long deadline = start + total.toNanos();
        long next = start + every.toNanos();
        try {
            while (running) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    stop("ran for " + seconds(total));
                    break;
                }
                // a fixed rate: a slow frame shortens the next wait instead of delaying every later frame
                if (stop.await(Math.max(0, Math.min(next - now, left)), TimeUnit.NANOSECONDS)) {
                    break;
                }
                next = Math.max(next + every.toNanos(), System.nanoTime());
                if (System.nanoTime() - deadline >= 0) {
                    stop("ran for " + seconds(total));
                    break;
                }
                handle.update(frames.frame(""));
                updates++;
            }
        } catch (InterruptedException e) {
            stop("interrupted");
        } catch (RuntimeException e) {
            stop("failed: " + LabException.oneLine(e));
        }
        try {
            Thread.interrupted(); // an interrupt of the cell has been handled: the watch stopped
            handle.update(frames.frame(stopReason));
        } catch (RuntimeException e) {
            // the last frame could not be drawn (the cluster is gone): the previous one stays
        }
    }

    private void stop(String reason) {
        if (running) {
            stopReason = reason;
            running = false;
        }
        stop.countDown();
    }

    /** Stops the watch and, for a background one, waits for its thread to end. */
    @Override
    public void close() {
        stop("stopped");
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** "1s", "500ms", "2m" or a number of seconds; at least {@code min}. */
    static Duration duration(String given, String option, Duration min) {
        String v = given.trim();
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 60));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            if (d.compareTo(min) < 0) {
                throw new MagicException("kafka watch: " + option + " must be at least " + min.toMillis() + " ms, not " + given + ".");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new MagicException("kafka watch: " + option + " takes a duration like 1s, 500ms or 2m, not '" + given + "'.");
        }
    }
}
