package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;
import io.brokerbook.magics.display.LineChartSvg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records per second of a perf test per reporting interval, one step per interval line the tool printed, shown
 * beside that text (a display of its own, redrawn in place as each interval closes). It appears with the first
 * interval: a run shorter than one interval has no chart, as the tool has no interval line.
 */
final class ThroughputChart {
    private final MagicContext ctx;
    private final String title;
    private final List<LineChartSvg.Point> steps = new ArrayList<>();
    private final List<String> rates = new ArrayList<>();
    private DisplayHandle handle;

    ThroughputChart(MagicContext ctx, String title) {
        this.ctx = ctx;
        this.title = title;
    }

    /** One interval from {@code from} to {@code to} seconds after the start, at {@code perSec} records/s. */
    synchronized void interval(double from, double to, double perSec) {
        steps.add(new LineChartSvg.Point(from, perSec));
        steps.add(new LineChartSvg.Point(to, perSec));
        rates.add(String.format(Locale.ROOT, "%.1f", perSec));
        DisplayData frame = frame("");
        if (handle == null) {
            handle = ctx.displayUpdatable(frame);
        } else {
            handle.update(frame);
        }
    }

    /** The last frame, saying how the run ended ("done", "interrupted"); nothing when no interval closed. */
    synchronized void finish(String status) {
        if (handle != null) {
            handle.update(frame(status));
        }
    }

    synchronized int intervals() {
        return rates.size();
    }

    private DisplayData frame(String status) {
        String heading = title + (status.isEmpty() ? "" : " (" + status + ")");
        String svg = LineChartSvg.svg(heading, "seconds", "records/sec",
            List.of(new LineChartSvg.Series("records/sec", steps, true)));
        return DisplayData.svg(svg, heading + ": " + String.join(", ", rates) + " records/sec");
    }
}
