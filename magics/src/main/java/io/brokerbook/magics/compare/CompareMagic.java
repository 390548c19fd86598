package io.brokerbook.magics.compare;

import io.brokerbook.cluster.compare.Comparison;
import io.brokerbook.cluster.compare.Latency;
import io.brokerbook.cluster.compare.Throughput;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.BarChartSvg;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** {@code %compare run|table|scenarios|chart|summary}. */
final class CompareMagic {
    static final String NO_RUN = "No comparison yet: run %compare run first.";
    static final ArgSpec SPEC = ArgSpec.named("compare",
            "The class's comparison table, measured: the same experiments on every messaging system of the lab.")
        .subcommand("run", "Run scenarios (a)-(g) on each system in turn (each on servers of its own, stopped after its turn).", s -> s
            .option("--systems", "LIST", "Comma-separated systems (default: all): " + String.join(", ", Comparison.SYSTEMS))
            .option("--messages", "N", "Messages of (a) throughput (default 100000)")
            .option("--payload-bytes", "B", "Size of each message of (a) and (b) (default 100)")
            .option("--rate", "R", "Messages per second of (b) latency (default 1000)")
            .option("--latency-messages", "N", "Messages of (b) latency (default 3000)")
            .option("--offline-messages", "N", "Messages published while (c)'s subscriber is offline (default 1000)")
            .option("--durable-messages", "N", "Messages of (d)-(g) (default 100; (f) rounds down to a multiple of 3)")
            .option("--quiet-ms", "T", "How long nothing must arrive before a subscriber of (c)-(g) has got all it will (default 2000)"))
        .subcommand("table", "The class's table from the last run: one row per system, each cell worded from the numbers.")
        .subcommand("scenarios", "The last run's results, one table per scenario (a)-(g).")
        .subcommand("chart", "Bar charts of the last run's throughput (a) and latency p50/p99 (b).")
        .subcommand("summary", "Sentences worded from the last run's numbers: fastest, what survives, what replays, what splits.");

    private final CompareApi api;
    private final Path workDir;
    private int runs;

    CompareMagic(CompareApi api, Path workDir) {
        this.api = api;
        this.workDir = workDir;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> args, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        switch (p.command()) {
            case "run" -> run(p, ctx);
            case "table" -> ctx.display(RecordTable.of(ClassTable.of(api.last()), ClassRow.class));
            case "scenarios" -> scenarios(api.last(), ctx);
            case "chart" -> chart(api.last(), ctx);
            case "summary" -> ctx.display(DisplayData.markdown(Summary.of(api.last())));
            default -> throw new MagicException("compare: choose run, table, scenarios, chart or summary. See %compare --help");
        }
    }

    static Comparison.Plan plan(ParsedArgs p) {
        Comparison.Plan plan = Comparison.Plan.defaults();
        try {
            if (p.has("--systems")) {
                plan = plan.withSystems(systems(p.require("--systems")));
            }
            plan = plan.withThroughputMessages(p.intValue("--messages", plan.throughputMessages()));
            plan = new Comparison.Plan(plan.systems(), plan.throughputMessages(), p.intValue("--payload-bytes", plan.payloadBytes()),
                plan.latencyRate(), plan.latencyMessages(), plan.offlineMessages(), plan.durableMessages(), plan.quiet());
            plan = plan.withLatency(p.intValue("--rate", plan.latencyRate()), p.intValue("--latency-messages", plan.latencyMessages()));
            plan = plan.withDurableMessages(p.intValue("--offline-messages", plan.offlineMessages()),
                p.intValue("--durable-messages", plan.durableMessages()));
            if (p.has("--quiet-ms")) {
                plan = plan.withQuiet(Duration.ofMillis(p.intValue("--quiet-ms").orElseThrow()));
            }
        } catch (IllegalArgumentException e) {
            throw new MagicException("compare: " + e.getMessage() + ".");
        }
        if (plan.payloadBytes() < 30) {
            throw new MagicException("compare: --payload-bytes must be at least 30 ((b) carries its send time in the message).");
        }
        return plan;
    }

    /** Names matched without regard to case; an unknown one is refused with the list. */
    static List<String> systems(String list) {
        List<String> chosen = new ArrayList<>();
        for (String word : list.split(",")) {
            String name = word.trim();
            String known = Comparison.SYSTEMS.stream().filter(s -> s.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new MagicException("compare: unknown system '" + name + "': choose among "
                    + String.join(", ", Comparison.SYSTEMS) + "."));
            if (!chosen.contains(known)) {
                chosen.add(known);
            }
        }
        return chosen;
    }

    private void run(ParsedArgs p, MagicContext ctx) {
        Comparison.Plan plan = plan(p);
        Path dir = workDir.resolve("run-" + ++runs);
        ctx.out().printf(Locale.ROOT, "(a) %d x %d B; (b) %d at %d msg/s; (c) %d offline; (d)-(g) %d each; quiet wait %d ms%n",
            plan.throughputMessages(), plan.payloadBytes(), plan.latencyMessages(), plan.latencyRate(), plan.offlineMessages(),
            plan.durableMessages(), plan.quiet().toMillis());
        long[] started = {System.nanoTime()};
        String[] current = {null};
        long begin = started[0];
        Comparison result;
        try {
            result = Comparison.run(dir, plan, name -> {
                finished(ctx, current[0], started[0]);
                ctx.checkInterrupted();
                current[0] = name;
                started[0] = System.nanoTime();
            });
            finished(ctx, current[0], started[0]);
        } finally {
            delete(dir);
        }
        api.remember(result);
        result.notInstalled().forEach((system, why) -> ctx.out().println(system + ": " + ClassTable.NOT_INSTALLED + " (" + why + ")"));
        ctx.out().printf(Locale.ROOT, "%d systems measured in %.1f s: see %%compare table, scenarios, chart, summary%n",
            result.measured().size(), (System.nanoTime() - begin) / 1e9);
    }

    private static void finished(MagicContext ctx, String system, long since) {
        if (system != null) {
            ctx.out().printf(Locale.ROOT, "%s: %.1f s%n", system, (System.nanoTime() - since) / 1e9);
        }
    }

    private static void scenarios(Comparison c, MagicContext ctx) {
        for (var rows : List.of(c.throughput(), c.latency(), c.offline(), c.restart(), c.fanOut(), c.competing(), c.replay())) {
            ctx.display(RecordTable.of(rows));
        }
    }

    private static void chart(Comparison c, MagicContext ctx) {
        List<BarChartSvg.Group> speed = new ArrayList<>();
        List<BarChartSvg.Group> latency = new ArrayList<>();
        for (String system : c.plan().systems()) {
            if (c.notInstalled().containsKey(system)) {
                speed.add(BarChartSvg.Group.missing(system, ClassTable.NOT_INSTALLED));
                latency.add(BarChartSvg.Group.missing(system, ClassTable.NOT_INSTALLED));
                continue;
            }
            Throughput t = ClassTable.find(c.throughput(), Throughput::system, system);
            Latency l = ClassTable.find(c.latency(), Latency::system, system);
            speed.add(BarChartSvg.Group.of(system, t.messagesPerSecond()));
            latency.add(BarChartSvg.Group.of(system, l.p50Micros(), l.p99Micros()));
        }
        String speedTitle = String.format(Locale.ROOT, "(a) Throughput: %d x %d B, 1 productor -> 1 consumidor",
            c.plan().throughputMessages(), c.plan().payloadBytes());
        String latencyTitle = String.format(Locale.ROOT, "(b) Latencia a %d msg/s (%d mensajes)", c.plan().latencyRate(), c.plan().latencyMessages());
        ctx.display(DisplayData.svg(BarChartSvg.svg(speedTitle, "mensajes por segundo (más es mejor)", List.of("msg/s"), speed), speedTitle));
        ctx.display(DisplayData.svg(BarChartSvg.svg(latencyTitle, "microsegundos (menos es mejor)", List.of("p50", "p99"), latency), latencyTitle));
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
