package io.brokerbook.cluster.compare;

import java.util.Arrays;

/**
 * (b) {@code published} messages sent at {@code messagesPerSecond}, each carrying its send time; {@code received}
 * arrived, taking {@code p50Micros} / {@code p99Micros} from send to arrival (producer and consumer in one JVM).
 */
public record Latency(String system, int messagesPerSecond, int published, int received, double p50Micros,
                      double p99Micros) {
    public static Latency of(String system, int messagesPerSecond, int published, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(system, messagesPerSecond, published, sorted.length, percentile(sorted, 0.50) / 1e3,
            percentile(sorted, 0.99) / 1e3);
    }

    /** Nearest rank; 0 when nothing arrived. */
    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public boolean receivedEverything() {
        return received == published;
    }
}
