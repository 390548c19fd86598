package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code %kafka watch lag --group G}, {@code %kafka watch isr --topic T}, {@code %kafka layout --watch} and {@code %kafka watch stop}: pictures that
 * redraw in place. In the cell by default (it ends at {@code --for} or when interrupted); with
 * {@code --background} the cell returns at once and the picture keeps moving while other cells run.
 */
final class WatchCommands {
    static final Duration MIN_EVERY = Duration.ofMillis(200);
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);
    static final Duration DEFAULT_FOR = Duration.ofSeconds(60);

    private final KafkaSession session;
    private final KafkaBackground background;

    WatchCommands(KafkaSession session, KafkaBackground background) {
        this.session = session;
        this.background = background;
    }

    /** {@code --every}, {@code --for} and {@code --background} for a watching subcommand. */
    static ArgSpec timing(ArgSpec spec) {
        return spec
            .option("--every", "DURATION", "Redraw every DURATION (default 1s; e.g. 500ms, 2s).")
            .option("--for", "DURATION", "Stop after DURATION (default 60s; e.g. 30s, 5m).")
            .flag("--background", "Return at once and keep redrawing while other cells run (%kafka watch stop ends it).");
    }

    static ArgSpec spec(ArgSpec watch) {
        return watch
            .subcommand("lag", "A line chart of a consumer group's lag per partition and in total, redrawn in place.",
                s -> timing(s.option("--group", "G", "The consumer group.")))
            .subcommand("isr", "A timeline per partition of a topic: which broker leads it and how many replicas are in sync,"
                    + " with the moments a broker went down or came back, redrawn in place.",
                s -> timing(s.option("--topic", "T", "The topic.")))
            .subcommand("stop", "Stop the watches running in the background.");
    }

    void run(ParsedArgs args, MagicContext ctx) {
        switch (args.command()) {
            case "watch lag" -> lag(args, ctx);
            case "watch isr" -> isr(args, ctx);
            case "watch stop" -> {
                int stopped = background.stopWatches();
                ctx.out().println(stopped == 0 ? "No watch was running." : "Stopped " + stopped + " watch" + (stopped == 1 ? "" : "es") + ".");
            }
            default -> throw new MagicException("kafka watch: give lag, isr or stop.");
        }
    }

    private void lag(ParsedArgs args, MagicContext ctx) {
        String group = args.value("--group").orElseThrow(() -> new MagicException("kafka watch lag: give --group G."));
        KafkaCluster cluster = session.cluster();
        LagChart chart = new LagChart(cluster, group);
        watch("lag-" + group, chart, args, ctx);
    }

    private void isr(ParsedArgs args, MagicContext ctx) {
        String topic = args.value("--topic").orElseThrow(() -> new MagicException("kafka watch isr: give --topic T."));
        KafkaCluster cluster = session.cluster();
        ClusterOptions.requireTopic(cluster, topic);
        watch("isr-" + topic, new IsrTimeline(cluster, topic), args, ctx);
    }

    /** {@code %kafka layout --watch [--topic T]}. */
    void layout(ParsedArgs args, MagicContext ctx) {
        KafkaCluster cluster = session.cluster();
        Optional<String> topic = args.value("--topic");
        topic.ifPresent(t -> ClusterOptions.requireTopic(cluster, t));
        DisplayData[] last = new DisplayData[1];
        watch("layout", status -> {
            if (status.isEmpty() || last[0] == null) {
                last[0] = LayoutSvg.render(cluster.inspect().layout(topic));
            }
            // the last frame only says why the watch ended: no call to a cluster that may be going away
            return status.isEmpty() ? last[0] : DisplayData.svg((String) last[0].data().get(DisplayData.SVG),
                last[0].plainText() + "\n(layout watch " + status + ")");
        }, args, ctx);
    }

    private void watch(String name, LiveWatch.Frames frames, ParsedArgs args, MagicContext ctx) {
        Duration every = args.value("--every").map(v -> LiveWatch.duration(v, "--every", MIN_EVERY)).orElse(DEFAULT_EVERY);
        Duration total = args.value("--for").map(v -> LiveWatch.duration(v, "--for", MIN_EVERY)).orElse(DEFAULT_FOR);
        LiveWatch watch = new LiveWatch(name, every, total, frames);
        if (args.has("--background")) {
            watch.startBackground(ctx);
            background.add(watch);
            ctx.out().println("Watching in the background for " + total.toSeconds() + " s (%kafka watch stop ends it).");
        } else {
            String reason = watch.runHere(ctx);
            ctx.out().println("Watch " + reason + "; " + watch.updates() + " updates.");
        }
    }
}
