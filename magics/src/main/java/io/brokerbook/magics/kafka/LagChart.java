package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupPartition;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.LineChartSvg;

import java.util.ArrayList;
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
    private final FrameSampler sampler = new FrameSampler();
    private final RecentSamples<LineChartSvg.Point> series = new RecentSamples<>(MAX_SAMPLES);
    private final Map<String, Long> latest = new TreeMap<>();

    LagChart(KafkaCluster cluster, String group) {
        this.cluster = cluster;
        this.group = group;
        series.declare(TOTAL);
    }

    /** One sample now; a one-line error (unknown group) propagates, as the first frame is drawn in the cell. */
    private void sample() {
        double t = sampler.seconds();
        GroupOffsets offsets = cluster.inspect().groupOffsets(group);
        long total = 0;
        Map<String, Long> now = new TreeMap<>();
        for (GroupPartition p : offsets.partitions()) {
            long lag = p.lag().orElse(0);
            total += lag;
            now.put(p.topic() + "-" + p.partition(), lag);
        }
        now.forEach((name, lag) -> series.add(name, new LineChartSvg.Point(t, lag)));
        series.add(TOTAL, new LineChartSvg.Point(t, total));
        latest.clear();
        latest.putAll(now);
        latest.put(TOTAL, total);
    }

    @Override
    public synchronized DisplayData frame(String status) {
        sampler.sampleFor(status, this::sample);
        String title = FrameSampler.title("Lag of group " + group, status);
        List<LineChartSvg.Series> lines = new ArrayList<>();
        series.forEach((name, points) -> lines.add(new LineChartSvg.Series(name, points, name.equals(TOTAL))));
        String svg = LineChartSvg.svg(title, "seconds", "records behind", lines);
        StringBuilder text = new StringBuilder(title).append(": ");
        List<String> parts = new ArrayList<>();
        latest.forEach((name, lag) -> parts.add(name + " " + lag));
        text.append(String.join(", ", parts));
        return DisplayData.svg(svg, sampler.appendLastError(text).toString());
    }
}
