package io.brokerbook.magics.kafka;

import java.util.Locale;

/**
 * ProducerPerformance's reporting windows: every acknowledged record is counted in the current window, and the
 * first acknowledgement at least {@link #REPORTING_INTERVAL_MS} after the window opened closes it with Kafka's line
 * ({@code 5003 records sent, 1000.4 records/sec (0.95 MB/sec), 2.1 ms avg latency, 31.0 ms max latency.}). The
 * interval is fixed in Kafka's tool (it has no flag for it). Fed from the producer's one I/O thread.
 */
final class ProducerWindows {
    static final long REPORTING_INTERVAL_MS = 5000;

    /** One closed window: seconds since the run started at its start and end, and Kafka's line for it. */
    record Window(double fromSeconds, double toSeconds, long records, double recordsPerSec, String line) {
    }

    interface Listener {
        void closed(Window window);
    }

    private final long startMs;
    private final long intervalMs;
    private final Listener listener;
    private long windowStart;
    private long count;
    private long bytes;
    private long totalLatency;
    private long maxLatency;

    ProducerWindows(long startMs, long intervalMs, Listener listener) {
        this.startMs = startMs;
        this.windowStart = startMs;
        this.intervalMs = intervalMs;
        this.listener = listener;
    }

    void record(long latencyMs, int recordBytes, long nowMs) {
        count++;
        bytes += recordBytes;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        if (nowMs - windowStart >= intervalMs) {
            long elapsed = Math.max(1, nowMs - windowStart);
            double perSec = 1000.0 * count / elapsed;
            double mbPerSec = 1000.0 * bytes / elapsed / (1024.0 * 1024.0);
            String line = String.format(Locale.US, "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                count, perSec, mbPerSec, totalLatency / (double) count, (double) maxLatency);
            Window w = new Window((windowStart - startMs) / 1000.0, (nowMs - startMs) / 1000.0, count, perSec, line);
            windowStart = nowMs;
            count = 0;
            bytes = 0;
            totalLatency = 0;
            maxLatency = 0;
            listener.closed(w);
        }
    }
}
