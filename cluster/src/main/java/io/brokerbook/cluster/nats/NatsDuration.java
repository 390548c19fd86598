package io.brokerbook.cluster.nats;

import java.time.Duration;

/** Durations as the nats CLI writes them: a number and a unit, {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
public final class NatsDuration {
    private NatsDuration() {
    }

    public static Duration parse(String text, String option) {
        String t = text == null ? "" : text.strip();
        int digits = 0;
        while (digits < t.length() && Character.isDigit(t.charAt(digits))) {
            digits++;
        }
        String unit = t.substring(digits);
        if (digits == 0 || digits > 12) {
            throw bad(text, option);
        }
        long n = Long.parseLong(t.substring(0, digits));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw bad(text, option);
        };
    }

    /** {@code 30s}, {@code 1.5s} or {@code 250ms}, for tables. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
        }
        return (ms / 1000) + "s";
    }

    private static NatsLabException bad(String text, String option) {
        return new NatsLabException("Bad duration '" + text + "' for " + option + ": write a number and a unit, e.g. 500ms, 30s, 2m or 1h.");
    }
}
