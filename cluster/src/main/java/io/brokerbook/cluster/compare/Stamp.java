package io.brokerbook.cluster.compare;

import java.nio.charset.StandardCharsets;

/**
 * The latency scenario's payload: the {@link System#nanoTime} of the send in decimal, a colon, and {@code x} up to
 * the payload's size; read back where it arrives without decoding the payload.
 */
public final class Stamp {
    private Stamp() {
    }

    /** {@code nanos:} padded with {@code x} to {@code bytes} (at least the stamp). */
    public static String payload(long nanos, int bytes) {
        String stamp = nanos + ":";
        return stamp.length() >= bytes ? stamp : stamp + "x".repeat(bytes - stamp.length());
    }

    public static long sentAt(String payload) {
        return Long.parseLong(payload, 0, payload.indexOf(':'), 10);
    }

    /** The stamp of a UTF-8 payload (ASCII digits up to the colon). */
    public static long sentAt(byte[] payload) {
        long nanos = 0;
        int i = 0;
        boolean negative = payload.length > 0 && payload[0] == '-';
        if (negative) {
            i++;
        }
        for (; i < payload.length && payload[i] != ':'; i++) {
            int digit = payload[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a stamped payload: " + new String(payload, StandardCharsets.UTF_8));
            }
            nanos = nanos * 10 + digit;
        }
        return negative ? -nanos : nanos;
    }
}
