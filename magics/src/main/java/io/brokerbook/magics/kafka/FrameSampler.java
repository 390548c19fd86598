package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.lab.LabException;

/**
 * The sampling of a live chart ({@link LiveWatch.Frames}): one sample per live frame (none for the final frame,
 * which has a status), seconds since the chart began, and a failed sample kept as a note under the chart — except
 * the first, whose one-line error reaches the cell.
 */
final class FrameSampler {
    private final long startNanos = System.nanoTime();
    private String lastError = "";
    private int samples;

    /** Runs {@code sample} if this frame is a live one ({@code status} empty). */
    void sampleFor(String status, Runnable sample) {
        if (!status.isEmpty()) {
            return;
        }
        try {
            sample.run();
            samples++;
            lastError = "";
        } catch (LabException e) {
            if (samples == 0) {
                throw e;
            }
            lastError = e.getMessage();
        }
    }

    /** Seconds since the chart began. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** How many samples succeeded so far. */
    int samples() {
        return samples;
    }

    /** The chart's title, with the frame's status after it if there is one. */
    static String title(String title, String status) {
        return title + (status.isEmpty() ? "" : " (" + status + ")");
    }

    /** Notes the last sample's failure, if it failed, under the chart's text. */
    StringBuilder appendLastError(StringBuilder text) {
        return lastError.isEmpty() ? text : text.append("\nLast sample failed: ").append(lastError);
    }
}
