package io.brokerbook.magics.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A swimlane timeline: one lane per thing watched (a partition, say), coloured by who holds it over time (its
 * leader) with a step line of a small count inside the lane (its ISR size), and vertical markers for moments that
 * explain the changes (a broker stopped or started). Same plain, deterministic SVG as {@link LineChartSvg}; each
 * span and marker carries its figures as data attributes, so what the picture shows can be read back as data.
 */
public final class TimelineSvg {
    private static final int LEFT = 96;
    private static final int RIGHT = 24;
    private static final int TOP = 56;
    private static final int LANE_H = 30;
    private static final int LANE_GAP = 6;
    private static final int BOTTOM = 62;
    /** No red here: red means "no leader". */
    private static final List<String> COLOURS = ChartSvg.PALETTE.stream().filter(c -> !c.equals(ChartSvg.RED)).toList();
    private static final String NONE_COLOUR = ChartSvg.RED;

    /** What a lane was at {@code x}: its holder ({@code state}, "" for none) and its count. */
    public record Sample(double x, String state, int value) {
        public Sample {
            Objects.requireNonNull(state, "state");
        }
    }

    /** One lane; its samples in increasing x. */
    public record Lane(String name, List<Sample> samples) {
        public Lane {
            Objects.requireNonNull(name, "name");
            samples = List.copyOf(samples);
        }
    }

    /** A moment marked across all lanes: {@code kind} (a CSS class such as "down" or "up") and its label. */
    public record Event(double x, String kind, String label) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
        }
    }

    /** A run of samples with the same state and value, from the first one's x to the next run's x (or the last x). */
    public record Span(double from, double to, String state, int value) {
    }

    private TimelineSvg() {
    }

    /** The runs of equal (state, value) in a lane; the last run ends at the lane's last sample. */
    public static List<Span> spans(Lane lane) {
        List<Span> spans = new ArrayList<>();
        List<Sample> s = lane.samples();
        int i = 0;
        while (i < s.size()) {
            int j = i + 1;
            while (j < s.size() && s.get(j).state().equals(s.get(i).state()) && s.get(j).value() == s.get(i).value()) {
                j++;
            }
            double to = j < s.size() ? s.get(j).x() : s.get(s.size() - 1).x();
            spans.add(new Span(s.get(i).x(), to, s.get(i).state(), s.get(i).value()));
            i = j;
        }
        return spans;
    }

    /**
     * The timeline as a standalone SVG document. {@code maxValue} is the top of every lane's step line (the
     * replication factor); {@code stateLabel} prefixes a state in the legend ("leader ").
     */
    public static String svg(String title, String xLabel, String stateLabel, String valueLabel, int maxValue,
                             List<Lane> lanes, List<Event> events) {
        double maxX = 0;
        for (Lane lane : lanes) {
            for (Sample p : lane.samples()) {
                maxX = Math.max(maxX, p.x());
            }
        }
        for (Event e : events) {
            maxX = Math.max(maxX, e.x());
        }
        double[] xTicks = LineChartSvg.ticks(maxX);
        double xMax = xTicks[xTicks.length - 1];
        int plotW = ChartSvg.WIDTH - LEFT - RIGHT;
        int lanesH = Math.max(1, lanes.size()) * (LANE_H + LANE_GAP);
        int height = TOP + lanesH + BOTTOM;
        int top = Math.max(1, maxValue);
        List<String> states = new ArrayList<>();

        StringBuilder sb = ChartSvg.begin("brokerbook-timeline", height, 12, title, 8192);

        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            int y = TOP + l * (LANE_H + LANE_GAP);
            sb.append("<g class=\"lane\" data-lane=\"").append(ChartSvg.escape(lane.name())).append("\">");
            sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(LANE_H).append("\" fill=\"#ffffff\" stroke=\"#e0e0e0\"/>");
            sb.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(y + LANE_H / 2 + 4)
                .append("\" text-anchor=\"end\" fill=\"#222\">").append(ChartSvg.escape(lane.name())).append("</text>\n");
            List<Span> spans = spans(lane);
            StringBuilder step = new StringBuilder();
            for (Span span : spans) {
                if (!states.contains(span.state())) {
                    states.add(span.state());
                }
                double x1 = LEFT + span.from() / xMax * plotW;
                double x2 = LEFT + span.to() / xMax * plotW;
                double w = Math.max(1.5, x2 - x1);
                sb.append("<g class=\"span").append(span.state().isEmpty() ? " none" : "").append("\" data-state=\"")
                    .append(ChartSvg.escape(span.state())).append("\" data-value=\"").append(span.value())
                    .append("\" data-from=\"").append(num(span.from())).append("\" data-to=\"").append(num(span.to())).append("\">")
                    .append("<title>").append(ChartSvg.escape(lane.name() + ": " + stateLabel
                        + (span.state().isEmpty() ? "none" : span.state()) + ", " + valueLabel + " " + span.value()
                        + " from " + num(span.from()) + " s to " + num(span.to()) + " s")).append("</title>")
                    .append("<rect x=\"").append(num(x1)).append("\" y=\"").append(y + 1).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(LANE_H - 2).append("\" fill=\"").append(colour(span.state()))
                    .append("\" fill-opacity=\"0.35\"/>");
                if (w > 34) {
                    sb.append("<text x=\"").append(num(x1 + 4)).append("\" y=\"").append(y + 12).append("\" fill=\"#222\">")
                        .append(ChartSvg.escape(span.state().isEmpty() ? "none" : span.state())).append("</text>");
                }
                sb.append("</g>");
                double vy = y + LANE_H - 3 - (double) Math.min(span.value(), top) / top * (LANE_H - 8);
                step.append(step.length() == 0 ? "" : " ").append(num(x1)).append(',').append(num(vy))
                    .append(' ').append(num(x1 + (x2 - x1))).append(',').append(num(vy));
            }
            if (step.length() > 0) {
                sb.append("<polyline class=\"value\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.8\" points=\"")
                    .append(step).append("\"/>");
            }
            sb.append("</g>\n");
        }

        int axisY = TOP + lanesH;
        sb.append("<g class=\"axes\" stroke=\"#999\" fill=\"#444\">");
        sb.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(axisY).append("\" x2=\"").append(LEFT + plotW)
            .append("\" y2=\"").append(axisY).append("\"/>");
        for (double t : xTicks) {
            double x = LEFT + t / xMax * plotW;
            sb.append("<text class=\"xtick\" x=\"").append(num(x)).append("\" y=\"").append(axisY + 14)
                .append("\" text-anchor=\"middle\" stroke=\"none\">").append(LineChartSvg.label(t)).append("</text>");
        }
        sb.append("<text class=\"xlabel\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(axisY + 28)
            .append("\" text-anchor=\"middle\" stroke=\"none\">").append(ChartSvg.escape(xLabel)).append("</text></g>\n");

        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            double x = LEFT + e.x() / xMax * plotW;
            String stroke = e.kind().equals("down") ? "#c0392b" : "#2e7d32";
            sb.append("<g class=\"event ").append(ChartSvg.escape(e.kind())).append("\" data-kind=\"")
                .append(ChartSvg.escape(e.kind())).append("\" data-label=\"").append(ChartSvg.escape(e.label()))
                .append("\" data-at=\"").append(num(e.x())).append("\">")
                .append("<line x1=\"").append(num(x)).append("\" y1=\"").append(TOP - 6).append("\" x2=\"").append(num(x))
                .append("\" y2=\"").append(axisY).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>")
                .append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(TOP - 10 - (i % 2) * 11)
                .append("\" fill=\"").append(stroke).append("\">").append(ChartSvg.escape(e.label())).append("</text></g>\n");
        }

        int ly = height - 14;
        int lx = 12;
        sb.append("<g class=\"legend\">");
        for (String state : states) {
            sb.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"12\" height=\"10\" fill=\"")
                .append(colour(state)).append("\" fill-opacity=\"0.35\" stroke=\"").append(colour(state)).append("\"/>")
                .append("<text x=\"").append(lx + 16).append("\" y=\"").append(ly).append("\" fill=\"#222\">")
                .append(ChartSvg.escape(stateLabel + (state.isEmpty() ? "none" : state))).append("</text>");
            lx += 24 + 7 * (stateLabel.length() + Math.max(4, state.length()));
        }
        sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly - 4).append("\" x2=\"").append(lx + 18).append("\" y2=\"")
            .append(ly - 4).append("\" stroke=\"#222\" stroke-width=\"1.8\"/><text x=\"").append(lx + 22).append("\" y=\"").append(ly)
            .append("\" fill=\"#222\">").append(ChartSvg.escape(valueLabel + " (lane bottom 0, top " + top + ")")).append("</text>");
        sb.append("</g>\n</svg>\n");
        return sb.toString();
    }

    /** A holder's colour, the same in every frame: by its number when it has one (broker ids). */
    private static String colour(String state) {
        if (state.isEmpty()) {
            return NONE_COLOUR;
        }
        int key;
        try {
            key = Integer.parseInt(state.trim());
        } catch (NumberFormatException e) {
            key = state.hashCode();
        }
        return ChartSvg.colour(COLOURS, key);
    }

    private static String num(double v) {
        return ChartSvg.num(v);
    }
}
