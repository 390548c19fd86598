package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.ReplicaHits;
import io.brokerbook.magics.display.TableDisplay;

import java.util.List;
import java.util.Locale;

/** Requests per replica as a horizontal SVG bar chart (one bar per row of {@code %lb hits}). */
final class HitsChart {
    private static final int BAR_HEIGHT = 22;
    private static final int GAP = 6;
    private static final int LABEL_WIDTH = 170;
    private static final int BAR_MAX = 360;

    private HitsChart() {
    }

    static String svg(List<ReplicaHits> hits) {
        int rows = hits.size();
        long max = Math.max(1, hits.stream().mapToLong(ReplicaHits::requests).max().orElse(1));
        int height = rows * (BAR_HEIGHT + GAP) + GAP + 18;
        int width = LABEL_WIDTH + BAR_MAX + 70;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">", width, height, width, height));
        sb.append("<title>Requests per replica</title>");
        for (int i = 0; i < rows; i++) {
            ReplicaHits h = hits.get(i);
            long n = h.requests();
            String label = h.service() + " / " + h.replica();
            int y = GAP + i * (BAR_HEIGHT + GAP);
            int w = (int) Math.round((double) n / max * BAR_MAX);
            String fill = switch (h.state()) {
                case UP -> "#4c78a8";
                case DOWN -> "#e45756";
                case GONE -> "#9d9d9d";
            };
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                LABEL_WIDTH - 8, y + 15, TableDisplay.escape(label)));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                LABEL_WIDTH, y, Math.max(w, 1), BAR_HEIGHT, fill));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d%s</text>", LABEL_WIDTH + w + 6, y + 15, n,
                h.state() == ReplicaHits.State.UP ? "" : " (" + h.state().name().toLowerCase(Locale.ROOT) + ")"));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#666\">requests through the load balancer</text>",
            LABEL_WIDTH, height - 5));
        return sb.append("</svg>").toString();
    }
}
