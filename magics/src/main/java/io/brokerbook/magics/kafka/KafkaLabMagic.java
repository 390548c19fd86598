package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.ExternalKafka;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.Suggestions;
import io.brokerbook.magics.display.TableDisplay;
import tech.tablesaw.api.Table;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code %kafka start|stop|status|connect|broker stop ID|broker start ID|quorum|layout}: the lab cluster itself.
 */
final class KafkaLabMagic {
    static final ArgSpec SPEC = ArgSpec.named("kafka",
            "The Kafka lab: start/stop a cluster in this kernel, its status, stop/start a broker, the quorum, the partition layout.")
        .positional("start|stop|status|connect|broker stop ID|broker start ID|quorum|layout", "What to do.")
        .option("--brokers", "N", "start: number of brokers, ids 101.. (default 3; 1 for the single-node Activity).")
        .option("--controllers", "1|3", "start: KRaft controllers, the coordinator (default 1).")
        .option("--first-id", "ID", "start: id of the first broker (default 101).")
        .option("--data-dir", "DIR", "start: keep topics, records and offsets in DIR across stop/start (default: temp dir).")
        .option("--partitions", "P", "start: num.partitions, for topics created without a count (default 1).")
        .option("--replication-factor", "R", "start: default.replication.factor (default min(3, brokers)).")
        .option("--bootstrap-server", "HOST:PORT[,...]", "connect: the existing cluster's brokers.")
        .flag("--abrupt", "broker stop: kill the broker as in a crash instead of a clean shutdown.")
        .option("--topic", "TOPIC", "layout: only this topic (default: every topic).");
    private static final List<String> SUBCOMMANDS = List.of("start", "stop", "status", "connect", "broker", "quorum", "layout");

    private final KafkaSession session;

    KafkaLabMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        PrintStream out = ctx.out();
        String sub = args.positional(0).orElseThrow(() -> new MagicException(
            "kafka: say what to do: " + String.join(", ", SUBCOMMANDS) + ". See %kafka --help"));
        if (!SUBCOMMANDS.contains(sub)) {
            List<String> close = Suggestions.closest(sub, SUBCOMMANDS, 2);
            throw new MagicException("kafka: unknown subcommand '" + sub + "'."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                + " Choose one of " + String.join(", ", SUBCOMMANDS) + ".");
        }
        onlyWith(args, sub, "start", "--brokers", "--controllers", "--first-id", "--data-dir", "--partitions", "--replication-factor");
        onlyWith(args, sub, "connect", "--bootstrap-server");
        onlyWith(args, sub, "broker", "--abrupt");
        onlyWith(args, sub, "layout", "--topic");
        if (!sub.equals("broker") && args.positionals().size() > 1) {
            throw new MagicException("kafka " + sub + ": unexpected '" + args.positionals().get(1) + "'. See %kafka --help");
        }
        switch (sub) {
            case "start" -> start(args, ctx);
            case "stop" -> out.println(session.stop());
            case "status" -> status(ctx);
            case "connect" -> connect(args, ctx);
            case "broker" -> broker(args, ctx);
            case "quorum" -> quorum(ctx);
            default -> layout(args, ctx);
        }
    }

    private static void onlyWith(ParsedArgs args, String sub, String allowed, String... options) {
        if (sub.equals(allowed)) {
            return;
        }
        for (String o : options) {
            if (args.has(o)) {
                throw new MagicException("kafka: " + o + " goes with %kafka " + allowed + ", not " + sub + ".");
            }
        }
    }

    private void start(ParsedArgs args, MagicContext ctx) {
        KafkaLabSpec s = KafkaLabSpec.defaults();
            if (args.has("--brokers")) {
                s = s.brokers(args.intValue("--brokers").orElseThrow());
            }
            if (args.has("--controllers")) {
                s = s.controllers(args.intValue("--controllers").orElseThrow());
            }
            if (args.has("--first-id")) {
                s = s.firstBrokerId(args.intValue("--first-id").orElseThrow());
            }
            if (args.has("--data-dir")) {
                s = s.dataDir(Path.of(args.require("--data-dir")).toAbsolutePath());
            }
            if (args.has("--partitions")) {
                s = s.partitions(args.intValue("--partitions").orElseThrow());
            }
            if (args.has("--replication-factor")) {
                s = s.replicationFactor(args.intValue("--replication-factor").orElseThrow());
            }
        KafkaLabSpec spec = s;
        long[] t0 = new long[1];
        KafkaLab lab = session.start(spec, () -> {
            ctx.out().println("Starting " + spec + " ...");
            ctx.out().flush();
            t0[0] = System.nanoTime();
        });
        ctx.out().printf("Kafka lab started in %.1f s. Bootstrap servers: %s%n", (System.nanoTime() - t0[0]) / 1e9, lab.bootstrapServers());
        ctx.out().println("From Java cells: kafka.producer(), kafka.consumer(\"group\"), kafka.admin(), kafka.topics(), kafka.group(\"g\") ...");
        ctx.display(TableDisplay.of(lab.inspect().brokers()));
    }

    private void status(MagicContext ctx) {
        KafkaCluster cluster = session.cluster();
        Table brokers = cluster.inspect().brokers();
        ctx.out().println((cluster instanceof KafkaLab lab ? "Kafka lab: " + lab.spec() + ". " : "External cluster. ")
            + "Bootstrap servers: " + cluster.bootstrapServers());
        ctx.display(TableDisplay.of(brokers));
    }

    private void connect(ParsedArgs args, MagicContext ctx) {
        String bootstrap = args.value("--bootstrap-server").orElseThrow(() ->
            new MagicException("kafka connect: give --bootstrap-server HOST:PORT[,HOST:PORT...]."));
        ExternalKafka cluster = session.connect(bootstrap);
        ctx.out().println("Connected to the Kafka cluster at " + cluster.bootstrapServers() + ".");
        ctx.display(TableDisplay.of(cluster.inspect().brokers()));
    }

    private void broker(ParsedArgs args, MagicContext ctx) {
        List<String> p = args.positionals();
        if (p.size() != 3 || !(p.get(1).equals("stop") || p.get(1).equals("start"))) {
            throw new MagicException("kafka broker: usage: %kafka broker stop ID [--abrupt] | %kafka broker start ID");
        }
        int id;
        try {
            id = Integer.parseInt(p.get(2));
        } catch (NumberFormatException e) {
            throw new MagicException("kafka broker: '" + p.get(2) + "' is not a broker id (e.g. 102).");
        }
        if (args.has("--abrupt") && p.get(1).equals("start")) {
            throw new MagicException("kafka broker: --abrupt goes with broker stop.");
        }
        KafkaCluster lab = session.cluster();
        long t0 = System.nanoTime();
        if (p.get(1).equals("stop")) {
            boolean abrupt = args.has("--abrupt");
            lab.stopBroker(id, abrupt);
            ctx.out().printf("Broker %d stopped%s in %.1f s.%s%n", id, abrupt ? " abruptly" : "", (System.nanoTime() - t0) / 1e9,
                abrupt ? " The controller fences it after the broker session timeout; then leadership moves." : "");
        } else {
            lab.startBroker(id);
            ctx.out().printf("Broker %d started again in %.1f s; it catches up and rejoins the ISR.%n", id, (System.nanoTime() - t0) / 1e9);
        }
        ctx.display(TableDisplay.of(lab.inspect().brokers()));
    }

    private void quorum(MagicContext ctx) {
        KafkaCluster lab = session.cluster();
        Table quorum = lab.inspect().quorum();
        Table controllers = lab.inspect().brokers();
        controllers = controllers.where(controllers.stringColumn("ROLE").isEqualTo("controller"));
        controllers.setName("controllers");
        ctx.out().println("The coordinator: KRaft controller " + quorum.intColumn("LeaderId").get(0)
            + " leads the metadata quorum " + quorum.stringColumn("CurrentVoters").get(0) + ".");
        ctx.display(TableDisplay.of(quorum));
        if (controllers.rowCount() > 0) {
            ctx.display(TableDisplay.of(controllers));
        }
    }

    private void layout(ParsedArgs args, MagicContext ctx) {
        KafkaCluster lab = session.cluster();
        Optional<String> topic = args.value("--topic");
        PartitionLayout layout = lab.inspect().layout(topic);
        Optional<Integer> coordinator = Optional.empty();
        try {
            coordinator = Optional.of(lab.inspect().quorum().intColumn("LeaderId").get(0));
        } catch (RuntimeException e) {
            // an external cluster may not let us describe the quorum: the picture shows "?"
        }
        ctx.display(LayoutSvg.render(layout, coordinator, lab.controllerIds()));
    }
}
