package io.brokerbook.magics.display;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small SVG chart of horizontal bars: one group per category (a system), one bar per series (p50 and p99, say),
 * each labelled with its value, on "nice" ticks from {@link LineChartSvg#ticks}. Plain, deterministic SVG like
 * {@link LineChartSvg}; a category without values (not measured) shows its {@code note} instead of bars.
 */
public final class BarChartSvg {
    private static final int LEFT = 130;
    private static final int RIGHT = 90;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    private static final int BAR = 12;
    private static final int GAP = 8;
    private static final List<String> COLOURS = ChartSvg.PALETTE.subList(0, 4);

    /** One category: a value per series, or no values and a note saying why. */
    public record Group(String label, List<Double> values, String note) {
        public Group {
            Objects.requireNonNull(label, "label");
            values = List.copyOf(values);
        }

        public static Group of(String label, double... values) {
            return new Group(label, java.util.Arrays.stream(values).boxed().toList(), null);
        }

        public static Group missing(String label, String note) {
            return new Group(label, List.of(), note);
        }
    }

    private BarChartSvg() {
    }

    /** The chart as a standalone SVG document; {@code series} names the values of each group, in order. */
    public static String svg(String title, String unit, List<String> series, List<Group> groups) {
        for (Group g : groups) {
            if (!g.values().isEmpty() && g.values().size() != series.size()) {
                throw new IllegalArgumentException(g.label() + " has " + g.values().size() + " values for " + series.size() + " series");
            }
        }
        double max = groups.stream().flatMap(g -> g.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0);
        double[] ticks = LineChartSvg.ticks(max);
        double top = ticks[ticks.length - 1];
        int groupHeight = series.size() * BAR + GAP;
        int plotH = Math.max(1, groups.size()) * groupHeight;
        int height = TOP + plotH + BOTTOM + (series.size() > 1 ? 16 : 0);
        int plotW = ChartSvg.WIDTH - LEFT - RIGHT;
        StringBuilder sb = ChartSvg.begin("brokerbook-bar-chart", height, 12, title, 4096);
        for (double t : ticks) {
            double x = LEFT + t / top * plotW;
            sb.append("<line class=\"grid\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#e4e4e4\"/>");
            sb.append("<text class=\"xtick\" x=\"").append(num(x)).append("\" y=\"").append(TOP + plotH + 15)
                .append("\" text-anchor=\"middle\" fill=\"#444\">").append(label(t)).append("</text>\n");
        }
        sb.append("<text class=\"xlabel\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH + 32)
            .append("\" text-anchor=\"middle\" fill=\"#444\">").append(ChartSvg.escape(unit)).append("</text>\n");
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            int y0 = TOP + g * groupHeight + GAP / 2;
            sb.append("<g class=\"group\" data-label=\"").append(ChartSvg.escape(group.label())).append("\">");
            sb.append("<text class=\"category\" x=\"").append(LEFT - 6).append("\" y=\"").append(y0 + series.size() * BAR / 2 + 4)
                .append("\" text-anchor=\"end\" fill=\"#222\">").append(ChartSvg.escape(group.label())).append("</text>");
            if (group.values().isEmpty()) {
                sb.append("<text class=\"note\" x=\"").append(LEFT + 4).append("\" y=\"").append(y0 + series.size() * BAR / 2 + 4)
                    .append("\" fill=\"#888\">").append(ChartSvg.escape(group.note() == null ? "" : group.note())).append("</text>");
            }
            for (int s = 0; s < group.values().size(); s++) {
                double v = group.values().get(s);
                double w = top > 0 ? v / top * plotW : 0;
                int y = y0 + s * BAR;
                sb.append("<rect class=\"bar\" data-series=\"").append(ChartSvg.escape(series.get(s))).append("\" data-value=\"")
                    .append(num(v)).append("\" x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(BAR - 2).append("\" fill=\"").append(ChartSvg.colour(COLOURS, s)).append("\"/>");
                sb.append("<text class=\"value\" x=\"").append(num(LEFT + w + 4)).append("\" y=\"").append(y + BAR - 3)
                    .append("\" fill=\"#222\">").append(label(v)).append("</text>");
            }
            sb.append("</g>\n");
        }
        if (series.size() > 1) {
            int ly = TOP + plotH + BOTTOM;
            for (int s = 0; s < series.size(); s++) {
                int lx = LEFT + s * 120;
                sb.append("<rect class=\"legend\" x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(ChartSvg.colour(COLOURS, s)).append("\"/><text x=\"").append(lx + 14).append("\" y=\"").append(ly + 9)
                    .append("\" fill=\"#222\">").append(ChartSvg.escape(series.get(s))).append("</text>\n");
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Whole numbers with thousands separators, small ones with up to two decimals. */
    static String label(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }

    private static String num(double v) {
        return ChartSvg.num(v);
    }
}
