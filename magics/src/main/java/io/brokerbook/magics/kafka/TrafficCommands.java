package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupStatus;
import io.brokerbook.cluster.kafka.Traffic;
import io.brokerbook.cluster.kafka.TrafficSpec;
import io.brokerbook.cluster.kafka.TrafficStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import org.apache.kafka.common.GroupState;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code %kafka traffic start|status|stop}: background records at a fixed rate (and a consumer group reading them)
 * so the pictures move while the student stops brokers; the counts say what was sent, acknowledged, failed, read.
 */
final class TrafficCommands {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaSession session;
    private final KafkaBackground background;

    TrafficCommands(KafkaSession session, KafkaBackground background) {
        this.session = session;
        this.background = background;
    }

    static ArgSpec spec(ArgSpec traffic) {
        return traffic
            .subcommand("start", "Start sending records in the background (acks=all).", s -> s
                .option("--topic", "TOPIC", "The topic to send to (it must exist).")
                .option("--rate", "N/s", "Records per second, e.g. 500/s.")
                .option("--keys", "K", "Use K distinct keys (key-0..key-K-1); default: records without keys.")
                .option("--group", "G", "Also read the records with consumer group G.")
                .option("--consumers", "N", "Members of --group (threads in this kernel)."))
            .subcommand("status", "The counts so far: sent, acknowledged, failed, read.")
            .subcommand("stop", "Stop the traffic; shows the final counts.");
    }

    void run(ParsedArgs args, MagicContext ctx) {
        switch (args.command()) {
            case "traffic start" -> start(args, ctx);
            case "traffic status" -> show(current().status(), ctx);
            case "traffic stop" -> stop(ctx);
            default -> throw new MagicException("kafka traffic: give start, status or stop.");
        }
    }

    private Traffic current() {
        return background.traffic().orElseThrow(() -> new MagicException(
            "kafka traffic: no traffic has run; start it with %kafka traffic start --topic T --rate 500/s."));
    }

    private void start(ParsedArgs args, MagicContext ctx) {
        Optional<Traffic> old = background.traffic();
        if (old.isPresent() && old.get().isRunning()) {
            throw new MagicException("kafka traffic: traffic to " + old.get().spec().topic()
                + " is running; stop it with %kafka traffic stop first.");
        }
        String topic = args.value("--topic").orElseThrow(() -> new MagicException("kafka traffic start: give --topic T."));
        int rate = rate(args.value("--rate").orElseThrow(() -> new MagicException("kafka traffic start: give --rate N/s, e.g. --rate 500/s.")));
        int keys = args.has("--keys") ? ClusterOptions.positiveInt(args, "--keys", "kafka traffic start") : 0;
        int consumers = args.has("--consumers") ? ClusterOptions.positiveInt(args, "--consumers", "kafka traffic start") : 0;
        if (args.has("--group") && !args.has("--consumers")) {
            consumers = 1;
        }
        if (args.has("--consumers") && !args.has("--group")) {
            throw new MagicException("kafka traffic start: --consumers N goes with --group G.");
        }
        TrafficSpec spec = new TrafficSpec(topic, rate, keys, args.value("--group"), consumers);
        Traffic traffic = Traffic.start(session.cluster(), spec);
        background.traffic(traffic);
        spec.group().ifPresent(g -> awaitMembers(g, spec.consumers(), ctx));
        ctx.out().println("Traffic started: " + rate + " records/s to " + topic
            + (keys > 0 ? " with " + keys + " keys" : "")
            + spec.group().map(g -> ", read by group " + g + " (" + spec.consumers() + " consumer" + (spec.consumers() == 1 ? "" : "s") + ")").orElse("")
            + ". %kafka traffic status shows the counts; %kafka traffic stop ends it.");
    }

    /**
     * Returns once the group's consumers have joined (bounded), so that the next cell can watch the group's lag;
     * says so when they take longer (a broker down, a slow machine).
     */
    private void awaitMembers(String group, int members, MagicContext ctx) {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !ctx.interrupted()) {
            try {
                GroupStatus state = session.cluster().inspect().groupState(group);
                if (state.members() >= members && state.state() == GroupState.STABLE) {
                    return;
                }
            } catch (LabException e) {
                // the group does not exist until its first member joins
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ctx.out().println("Note: group " + group + " has not settled within " + JOIN_TIMEOUT.toSeconds()
            + " s; its consumers keep trying in the background.");
    }

    private void stop(MagicContext ctx) {
        Traffic traffic = current();
        boolean wasRunning = traffic.isRunning();
        traffic.stop();
        ctx.out().println(wasRunning ? "Traffic stopped." : "The traffic had already stopped.");
        show(traffic.status(), ctx);
    }

    private static void show(TrafficStatus status, MagicContext ctx) {
        ctx.display(RecordTable.of(Rows.of("traffic", List.of(status)), TrafficStatus.class));
    }

    /** "500/s" or "500". */
    static int rate(String given) {
        String number = given.endsWith("/s") ? given.substring(0, given.length() - 2) : given;
        try {
            int rate = Integer.parseInt(number.trim());
            if (rate < 1 || rate > TrafficSpec.MAX_RATE) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new MagicException("kafka traffic start: --rate takes records per second from 1/s to "
                + TrafficSpec.MAX_RATE + "/s, like 500/s, not '" + given + "'.");
        }
    }
}
