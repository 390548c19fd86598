package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * The lab's one bulk send path (console producer, producer perf test, {@code kafka.sendBulk} in Java cells): sends
 * asynchronously with one callback per record, as Kafka's ProducerPerformance does, samples ack latencies, reports
 * progress a few times per second, and flushes at the end.
 */
public final class BulkSender {
    /** Called on the sending thread at most every {@link #PROGRESS_EVERY_NANOS}: records handed to the producer so far. */
    @FunctionalInterface
    public interface Progress {
        void update(long sent, long acked, long elapsedNanos);
    }

    /** Called on the producer's I/O thread once per record: its index and metadata, or the error; ms since its send. */
    @FunctionalInterface
    public interface Ack {
        void onAck(int index, RecordMetadata metadata, Exception error, long latencyMs);
    }

    static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final int MAX_LATENCY_SAMPLES = 500_000;

    private BulkSender() {
    }

    /**
     * Sends {@code count} records made by {@code recordAt(i)}; stops early (still flushing what was handed over)
     * when {@code stop} turns true. {@code ack} and {@code progress} may be null.
     */
    public static <K, V> SendReport send(Producer<K, V> producer, int count, IntFunction<ProducerRecord<K, V>> recordAt,
                                         Ack ack, Progress progress, BooleanSupplier stop) {
        int sampling = Math.max(1, count / MAX_LATENCY_SAMPLES);
        int[] latencies = new int[count / sampling + 1];
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong maxLatency = new AtomicLong();
        AtomicLong totalLatency = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long t0 = System.nanoTime();
        long nextProgress = t0 + PROGRESS_EVERY_NANOS;
        int sent = 0;
        for (; sent < count; sent++) {
            if ((sent & 1023) == 0 && sent > 0) {
                if (stop != null && stop.getAsBoolean()) {
                    break;
                }
                long now = System.nanoTime();
                if (progress != null && now >= nextProgress) {
                    progress.update(sent, acked.get(), now - t0);
                    nextProgress = now + PROGRESS_EVERY_NANOS;
                }
            }
            ProducerRecord<K, V> record = recordAt.apply(sent);
            long sendStartMs = System.currentTimeMillis();
            int index = sent;
            producer.send(record, (metadata, error) -> {
                int latency = (int) (System.currentTimeMillis() - sendStartMs);
                if (error == null) {
                    acked.incrementAndGet();
                    bytes.addAndGet(Math.max(0, metadata.serializedValueSize()) + Math.max(0, metadata.serializedKeySize()));
                    totalLatency.addAndGet(latency);
                    maxLatency.accumulateAndGet(latency, Math::max);
                    if (index % sampling == 0) {
                        latencies[index / sampling] = latency;
                    }
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, LabException.oneLine(error));
                }
                if (ack != null) {
                    ack.onAck(index, metadata, error, latency);
                }
            });
        }
        producer.flush();
        long elapsed = System.nanoTime() - t0;
        int samples = Math.min(latencies.length, (sent + sampling - 1) / sampling);
        int[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        return new SendReport(sent, acked.get(), failed.get(), bytes.get(), elapsed,
            acked.get() == 0 ? 0 : (double) totalLatency.get() / acked.get(), maxLatency.get(),
            percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99), percentile(sorted, 0.999),
            firstError.get());
    }

    private static int percentile(int[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** What a bulk send did; {@link #summary()} is ProducerPerformance's final line. */
    public record SendReport(long sent, long acked, long failed, long bytes, long elapsedNanos, double avgLatencyMs,
                             long maxLatencyMs, int p50, int p95, int p99, int p999, String firstError) {
        public double seconds() {
            return elapsedNanos / 1e9;
        }

        public double recordsPerSec() {
            return acked / Math.max(1e-9, seconds());
        }

        public double mbPerSec() {
            return bytes / 1024.0 / 1024.0 / Math.max(1e-9, seconds());
        }

        /** e.g. {@code 1000000 records sent, 250000.0 records/sec (23.84 MB/sec), 12.34 ms avg latency, ...}. */
        public String summary() {
            return String.format("%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,"
                    + " %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                acked, recordsPerSec(), mbPerSec(), avgLatencyMs, (double) maxLatencyMs, p50, p95, p99, p999);
        }
    }
}
