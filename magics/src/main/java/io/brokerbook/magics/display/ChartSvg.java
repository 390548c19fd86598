package io.brokerbook.magics.display;

import java.util.List;
import java.util.Locale;

/**
 * What the SVG charts ({@link LineChartSvg}, {@link BarChartSvg}, {@link TimelineSvg}) share: their width, the
 * light card with its title (so a chart reads on light and dark themes), the palette, and how numbers and text
 * are written into the SVG.
 */
final class ChartSvg {
    static final int WIDTH = 680;
    /** matplotlib's "tab10": ten colours told apart by most readers. */
    static final List<String> PALETTE = List.of(
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    /** The palette's red, which a chart may keep for one meaning (no leader, say). */
    static final String RED = "#d62728";

    private ChartSvg() {
    }

    /** The {@code i}-th colour of {@code palette}, from the start again after its last. */
    static String colour(List<String> palette, int i) {
        return palette.get(Math.floorMod(i, palette.size()));
    }

    /** Starts a chart: the {@code <svg>} element ({@code cssClass}, {@link #WIDTH} by {@code height}), its card and title. */
    static StringBuilder begin(String cssClass, int height, int titleX, String title, int capacity) {
        StringBuilder sb = new StringBuilder(capacity);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cssClass).append("\" width=\"").append(WIDTH)
            .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
            .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect class=\"card\" x=\"0.5\" y=\"0.5\" width=\"").append(WIDTH - 1).append("\" height=\"").append(height - 1)
            .append("\" rx=\"6\" fill=\"#fafafa\" stroke=\"#c8c8c8\"/>\n");
        sb.append("<text class=\"title\" x=\"").append(titleX).append("\" y=\"20\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">")
            .append(escape(title)).append("</text>\n");
        return sb;
    }

    /** A coordinate: one decimal. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
