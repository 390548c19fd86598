package io.brokerbook.magics.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small SVG line chart: numeric series over a numeric x axis (seconds, usually), with "nice" ticks, a legend and
 * a light card background so it reads on light and dark themes. Written here rather than taken from a chart
 * library: the Java ones that emit SVG (JFreeChart + JFreeSVG, XChart + VectorGraphics2D) draw through AWT
 * Graphics2D, bring megabytes of dependencies for one picture, and give output that is hard to assert on; this is
 * one class whose output is plain, deterministic SVG.
 */
public final class LineChartSvg {
    private static final int HEIGHT = 300;
    private static final int LEFT = 58;
    private static final int RIGHT = 150;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;

    /** One point of a series. */
    public record Point(double x, double y) {
    }

    /** A named line; {@code emphasised} draws it thicker (a total over the other series, say). */
    public record Series(String name, List<Point> points, boolean emphasised) {
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    private LineChartSvg() {
    }

    /** The chart as a standalone SVG document. */
    public static String svg(String title, String xLabel, String yLabel, List<Series> series) {
        double maxX = 0;
        double maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                maxX = Math.max(maxX, p.x());
                maxY = Math.max(maxY, p.y());
            }
        }
        double[] xTicks = ticks(maxX);
        double[] yTicks = ticks(maxY);
        double xMax = xTicks[xTicks.length - 1];
        double yMax = yTicks[yTicks.length - 1];
        int plotW = ChartSvg.WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder sb = ChartSvg.begin("brokerbook-line-chart", HEIGHT, LEFT, title, 4096);
        sb.append("<g class=\"axes\" stroke=\"#999\" fill=\"#444\">\n");
        for (double t : yTicks) {
            double y = TOP + plotH - t / yMax * plotH;
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(num(y))
                .append("\" y2=\"").append(num(y)).append("\" stroke=\"#e4e4e4\"/>");
            sb.append("<text class=\"ytick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                .append("\" text-anchor=\"end\" stroke=\"none\">").append(label(t)).append("</text>\n");
        }
        for (double t : xTicks) {
            double x = LEFT + t / xMax * plotW;
            sb.append("<text class=\"xtick\" x=\"").append(num(x)).append("\" y=\"").append(TOP + plotH + 15)
                .append("\" text-anchor=\"middle\" stroke=\"none\">").append(label(t)).append("</text>\n");
        }
        sb.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"").append(LEFT + plotW)
            .append("\" y2=\"").append(TOP + plotH).append("\"/>");
        sb.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
            .append("\" y2=\"").append(TOP + plotH).append("\"/>\n");
        sb.append("<text class=\"xlabel\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 8)
            .append("\" text-anchor=\"middle\" stroke=\"none\">").append(escape(xLabel)).append("</text>\n");
        sb.append("<text class=\"ylabel\" transform=\"translate(14,").append(TOP + plotH / 2).append(") rotate(-90)\" text-anchor=\"middle\" stroke=\"none\">")
            .append(escape(yLabel)).append("</text>\n");
        sb.append("</g>\n");

        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = s.emphasised() ? "#222" : ChartSvg.colour(ChartSvg.PALETTE, i);
            sb.append("<g class=\"series\" data-series=\"").append(escape(s.name())).append("\">");
            if (!s.points().isEmpty()) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(s.emphasised() ? "2.5" : "1.5").append("\" points=\"");
                List<String> coords = new ArrayList<>();
                for (Point p : s.points()) {
                    coords.add(num(LEFT + p.x() / xMax * plotW) + "," + num(TOP + plotH - p.y() / yMax * plotH));
                }
                sb.append(String.join(" ", coords)).append("\"/>");
            }
            int ly = TOP + 6 + i * 16;
            int lx = LEFT + plotW + 14;
            sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 18).append("\" y2=\"")
                .append(ly).append("\" stroke=\"").append(colour).append("\" stroke-width=\"").append(s.emphasised() ? "2.5" : "1.5")
                .append("\"/><text x=\"").append(lx + 24).append("\" y=\"").append(ly + 4).append("\" fill=\"#222\">")
                .append(escape(s.name())).append("</text></g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** 0 and about five round steps (1, 2 or 5 × 10^k) up to at least {@code max}; 0..1 when everything is 0. */
    static double[] ticks(double max) {
        if (!(max > 0)) {
            return new double[] {0, 1};
        }
        double rough = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= rough) {
                step = m * magnitude;
                break;
            }
        }
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    static String label(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    private static String num(double v) {
        return ChartSvg.num(v);
    }

    private static String escape(String s) {
        return ChartSvg.escape(s);
    }
}
