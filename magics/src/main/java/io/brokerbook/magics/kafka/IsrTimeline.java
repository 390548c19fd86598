package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.NodeStatus;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TimelineSvg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code %kafka watch isr --topic T}: per partition of a topic, which broker leads it and how many replicas are in
 * sync, sampled each time a frame is drawn, with the moments a broker was seen going down or coming back. Keeps the
 * last {@value #MAX_SAMPLES} samples per partition. A sample the cluster cannot answer leaves a gap, noted under
 * the chart.
 */
final class IsrTimeline implements LiveWatch.Frames {
    static final int MAX_SAMPLES = 600;

    private final KafkaCluster cluster;
    private final String topic;
    private final FrameSampler sampler = new FrameSampler();
    private final RecentSamples<TimelineSvg.Sample> lanes = new RecentSamples<>(MAX_SAMPLES);
    private final List<TimelineSvg.Event> events = new ArrayList<>();
    private final Map<Integer, Boolean> brokersUp = new TreeMap<>();
    private List<PartitionReplicas> latest = List.of();
    private int replicationFactor = 1;

    IsrTimeline(KafkaCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    private void sample() {
        PartitionLayout layout = cluster.inspect().layout(Optional.of(topic));
        double t = sampler.seconds();
        for (NodeStatus broker : layout.brokers()) {
            Boolean before = brokersUp.put(broker.id(), broker.up());
            if (before != null && before != broker.up()) {
                events.add(new TimelineSvg.Event(t, broker.up() ? "up" : "down", broker.id() + (broker.up() ? " up" : " down")));
            } else if (before == null && sampler.samples() == 0 && !broker.up()) {
                events.add(new TimelineSvg.Event(t, "down", broker.id() + " down"));
            }
        }
        List<PartitionReplicas> mine = layout.partitions().stream().filter(p -> p.topic().equals(topic)).toList();
        for (PartitionReplicas p : mine) {
            lanes.add(topic + "-" + p.partition(),
                new TimelineSvg.Sample(t, p.leader().isPresent() ? Integer.toString(p.leader().getAsInt()) : "", p.isr().size()));
            replicationFactor = Math.max(replicationFactor, p.replicas().size());
        }
        latest = mine;
    }

    @Override
    public synchronized DisplayData frame(String status) {
        sampler.sampleFor(status, this::sample);
        String title = FrameSampler.title("Leader and ISR size of " + topic + " per partition", status);
        List<TimelineSvg.Lane> shown = new ArrayList<>();
        lanes.forEach((name, samples) -> shown.add(new TimelineSvg.Lane(name, samples)));
        String svg = TimelineSvg.svg(title, "seconds", "leader ", "ISR size", replicationFactor, shown, events);
        StringBuilder text = new StringBuilder(title).append(':');
        for (PartitionReplicas p : latest) {
            text.append("\n  ").append(topic).append('-').append(p.partition()).append(": leader ")
                .append(p.leader().isPresent() ? Integer.toString(p.leader().getAsInt()) : "none")
                .append(", ISR ").append(p.isr());
        }
        if (!events.isEmpty()) {
            List<String> moments = new ArrayList<>();
            for (TimelineSvg.Event e : events) {
                moments.add("broker " + e.label() + String.format(Locale.ROOT, " at %.1f s", e.x()));
            }
            text.append("\n  Seen: ").append(String.join(", ", moments));
        }
        return DisplayData.svg(svg, sampler.appendLastError(text).toString());
    }
}
