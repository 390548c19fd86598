package io.brokerbook.kernel.magic;

import java.math.BigDecimal;
import java.math.MathContext;

/** Durations as IPython's %time prints them: at most three significant digits in s, ms, µs or ns. */
final class Durations {
    private Durations() {
    }

    static String format(long nanos) {
        if (nanos <= 0) {
            return "0 ns";
        }
        double v = nanos;
        String unit = "ns";
        if (v >= 1e9) {
            v /= 1e9;
            unit = "s";
        } else if (v >= 1e6) {
            v /= 1e6;
            unit = "ms";
        } else if (v >= 1e3) {
            v /= 1e3;
            unit = "µs";
        }
        String digits = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return digits + " " + unit;
    }
}
