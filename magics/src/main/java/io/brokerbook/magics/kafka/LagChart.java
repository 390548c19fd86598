package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupPartition;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.LineChartSvg;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lag of a consumer group over time: one line per partition and one for the total, sampled each time a frame
 * is drawn. Keeps the last {@value #MAX_SAMPLES} samples. A sample the cluster cannot answer (a broker just
 * stopped) leaves a gap and is noted under the chart.
 */
final class LagChart implements LiveWatch.Frames {
    static final int MAX_SAMPLES = 600;
    private static final String TOTAL = "total";

    private final KafkaCluster cluster;
    private final String group;
    private final long startNanos = System.nanoTime();
    private final Map<String, Deque<LineChartSvg.Point>> series = new LinkedHashMap<>();
    private final Map<String, Long> latest = new TreeMap<>();
    private String lastError = "";
    private int samples;

    LagChart(KafkaCluster cluster, String group) {
        this.cluster = cluster;
        this.group = group;
        series.put(TOTAL, new ArrayDeque<>());
    }

    /** One sample now; a one-line error (unknown group) propagates, as the first frame is drawn in the cell. */
    private void sample() {
        double t = (System.nanoTime() - startNanos) / 1e9;
        GroupOffsets offsets = cluster.inspect().groupOffsets(group);
        long total = 0;
        Map<String, Long> now = new TreeMap<>();
        for (GroupPartition p : offsets.partitions()) {
            long lag = p.lag().orElse(0);
            total += lag;
            now.put(p.topic() + "-" + p.partition(), lag);
        }
        now.forEach((name, lag) -> add(name, t, lag));
        add(TOTAL, t, total);
        latest.clear();
        latest.putAll(now);
        latest.put(TOTAL, total);
        samples++;
    }

    private void add(String name, double t, long lag) {
        Deque<LineChartSvg.Point> points = series.computeIfAbsent(name, n -> new ArrayDeque<>());
        points.addLast(new LineChartSvg.Point(t, lag));
        if (points.size() > MAX_SAMPLES) {
            points.removeFirst();
        }
    }

    @Override
    public synchronized DisplayData frame(String status) {
        if (status.isEmpty()) {
            try {
                sample();
                lastError = "";
            } catch (LabException e) {
                if (samples == 0) {
                    throw e;
                }
                lastError = e.getMessage();
            }
        }
        String title = "Lag of group " + group + (status.isEmpty() ? "" : " (" + status + ")");
        List<LineChartSvg.Series> lines = new ArrayList<>();
        series.forEach((name, points) -> lines.add(new LineChartSvg.Series(name, new ArrayList<>(points), name.equals(TOTAL))));
        String svg = LineChartSvg.svg(title, "seconds", "records behind", lines);
        StringBuilder text = new StringBuilder(title).append(": ");
        List<String> parts = new ArrayList<>();
        latest.forEach((name, lag) -> parts.add(name + " " + lag));
        text.append(String.join(", ", parts));
        if (!lastError.isEmpty()) {
            text.append("\nLast sample failed: ").append(lastError);
        }
        return DisplayData.svg(svg, text.toString());
    }
}
