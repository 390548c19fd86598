package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.BrokerCrash;
import io.brokerbook.cluster.kafka.ExternalKafka;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabSpec;
import io.brokerbook.cluster.kafka.NodeRole;
import io.brokerbook.cluster.kafka.NodeSummary;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.kafka.ZkKafkaSpec;
import io.brokerbook.cluster.kafka.ZooKeeperCoordinator;
import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

/**
 * {@code %kafka start|stop|status|connect|broker stop ID|broker start ID|quorum|layout}: the lab cluster itself.
 */
final class KafkaLabMagic {
    static final ArgSpec SPEC = ArgSpec.named("kafka",
            "The Kafka lab: start/stop a cluster in this kernel, its status, stop/start a broker, the quorum, the partition layout.")
        .subcommand("start", "Start a Kafka cluster inside this kernel (brokers 101.. and KRaft controllers 1..).", s -> s
            .option("--zookeeper", "HOST:PORT", "ZooKeeper mode: Kafka 3.9 brokers registered in this ZooKeeper"
                + " (zookeeper.connect; start it with %zookeeper start), each a child JVM.")
            .option("--brokers", "N", "Number of brokers, ids 101.. (default 3; 1 for the single-node Activity).")
            .option("--controllers", "1|3", "KRaft controllers, the coordinator (default 1).")
            .option("--first-id", "ID", "Id of the first broker (default 101).")
            .option("--data-dir", "DIR", "Keep topics, records and offsets in DIR across stop/start (default: temp dir).")
            .option("--partitions", "P", "num.partitions, for topics created without a count (default 1).")
            .option("--replication-factor", "R", "default.replication.factor (default min(3, brokers)).")
            .option("--security", "scram", "scram: clients log in with SASL/SCRAM-SHA-256 (needs --user and --password).")
            .option("--user", "USER", "With --security scram: the user the lab creates and its own clients log in as.")
            .option("--password", "PASSWORD", "With --security scram: that user's password."))
        .subcommand("stop", "Stop the lab (or disconnect from an external cluster).")
        .subcommand("status", "The bootstrap servers and every broker and controller, up or down.")
        .subcommand("connect", "Use an existing cluster instead of starting one.", s -> s
            .option("--bootstrap-server", "HOST:PORT[,...]", "The existing cluster's brokers.")
            .option("--command-config", "FILE", "Client settings as a properties file (security.protocol, sasl.*, ssl.* ...),"
                + " used by every client made for this cluster."))
        .subcommand("broker", "Stop or start one broker of the lab.", b -> b
            .subcommand("stop", "Stop a broker: its leaderships move to the others.", s -> s
                .positional("ID", "The broker id, e.g. 102.")
                .flag("--abrupt", "Kill the broker as in a crash instead of a clean shutdown."))
            .subcommand("start", "Start a stopped broker again (same id, port and data).", s -> s
                .positional("ID", "The broker id, e.g. 102.")))
        .subcommand("quorum", "The KRaft controller quorum, the cluster's coordinator.")
        .subcommand("layout", "A picture of the brokers and where each partition's leader and replicas are.", s -> WatchCommands.timing(s
            .option("--topic", "TOPIC", "Only this topic (default: every topic).")
            .flag("--watch", "Redraw the picture in place as leaders and ISR move (with --every, --for, --background).")))
        .subcommand("traffic", "Background records (and a consumer group) while you break things: start, status, stop.",
            TrafficCommands::spec)
        .subcommand("watch", "Pictures that redraw in place: lag of a group over time, leaders and ISR of a topic over time; stop the background ones.",
            WatchCommands::spec);

    private static final int CRASH_LOG_LINES = 8;

    private final KafkaSession session;
    private final TrafficCommands traffic;
    private final WatchCommands watches;

    KafkaLabMagic(KafkaSession session) {
        this.session = session;
        KafkaBackground background = new KafkaBackground();
        session.onStop(background);
        this.traffic = new TrafficCommands(session, background);
        this.watches = new WatchCommands(session, background);
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        switch (args.command()) {
            case "start" -> start(args, ctx);
            case "stop" -> ctx.out().println(session.stop());
            case "status" -> status(ctx);
            case "connect" -> connect(args, ctx);
            case "broker stop" -> stopBroker(args, ctx);
            case "broker start" -> startBroker(args, ctx);
            case "quorum" -> quorum(ctx);
            case "layout" -> layout(args, ctx);
            case "traffic start", "traffic status", "traffic stop" -> traffic.run(args, ctx);
            case "watch lag", "watch isr", "watch stop" -> watches.run(args, ctx);
            default -> throw new IllegalStateException("Unhandled %kafka " + args.command());
        }
    }

    private void start(ParsedArgs args, MagicContext ctx) {
        if (args.has("--zookeeper")) {
            startInZooKeeperMode(args, ctx);
            return;
        }
        KafkaLabSpec spec = KafkaLabSpec.defaults();
        if (args.has("--brokers")) {
            spec = spec.brokers(args.intValue("--brokers").orElseThrow());
        }
        if (args.has("--controllers")) {
            spec = spec.controllers(args.intValue("--controllers").orElseThrow());
        }
        if (args.has("--first-id")) {
            spec = spec.firstBrokerId(args.intValue("--first-id").orElseThrow());
        }
        if (args.has("--data-dir")) {
            spec = spec.dataDir(Path.of(args.require("--data-dir")).toAbsolutePath());
        }
        if (args.has("--partitions")) {
            spec = spec.partitions(args.intValue("--partitions").orElseThrow());
        }
        if (args.has("--replication-factor")) {
            spec = spec.replicationFactor(args.intValue("--replication-factor").orElseThrow());
        }
        spec = security(args, spec);
        KafkaLabSpec chosen = spec;
        long[] t0 = new long[1];
        KafkaLab lab = session.start(chosen, () -> {
            ctx.out().println("Starting " + chosen + " ...");
            ctx.out().flush();
            t0[0] = System.nanoTime();
        });
        portNote(lab).ifPresent(ctx.out()::println);
        ctx.out().printf("Kafka lab started in %.1f s. Bootstrap servers: %s%n", (System.nanoTime() - t0[0]) / 1e9, lab.bootstrapServers());
        lab.spec().scram().ifPresent(scram -> ctx.out().println("Clients log in with SASL/SCRAM-SHA-256 as " + scram.user()
            + " (security.protocol=SASL_PLAINTEXT); the magics and the kafka variable do it for you."));
        ctx.out().println("From Java cells: kafka.producer(), kafka.consumer(\"group\"), kafka.admin(), kafka.topics(), kafka.group(\"g\") ...");
        ctx.display(RecordTable.of(lab.inspect().brokers()));
    }

    /** The class's Activity 1: brokers of Kafka 3.9 with zookeeper.connect, each a child JVM. */
    private void startInZooKeeperMode(ParsedArgs args, MagicContext ctx) {
        for (String kraftOnly : List.of("--controllers", "--security", "--user", "--password", "--partitions", "--replication-factor")) {
            if (args.has(kraftOnly)) {
                throw new MagicException("kafka start: " + kraftOnly + " is not offered with --zookeeper"
                    + (kraftOnly.equals("--controllers") ? " (in ZooKeeper mode the controller is a broker, elected through ZooKeeper)." : "."));
            }
        }
        ZkKafkaSpec spec = ZkKafkaSpec.of(args.require("--zookeeper")).brokers(3);
        if (args.has("--brokers")) {
            spec = spec.brokers(args.intValue("--brokers").orElseThrow());
        }
        if (args.has("--first-id")) {
            spec = spec.firstBrokerId(args.intValue("--first-id").orElseThrow());
        }
        if (args.has("--data-dir")) {
            spec = spec.dataDir(Path.of(args.require("--data-dir")).toAbsolutePath());
        }
        ZkKafkaSpec chosen = spec;
        long[] t0 = new long[1];
        ZkKafkaCluster cluster = session.startInZooKeeperMode(chosen, () -> {
            ctx.out().println("Starting " + chosen + " ...");
            ctx.out().flush();
            t0[0] = System.nanoTime();
        });
        List<Integer> ids = cluster.brokerIds();
        portNote(cluster).ifPresent(ctx.out()::println);
        ctx.out().printf("Kafka started in %.1f s; %s %s registered in ZooKeeper %s (see %%zookeeper-shell ls /brokers/ids)."
                + " Bootstrap servers: %s%n", (System.nanoTime() - t0[0]) / 1e9,
            (ids.size() == 1 ? "broker " : "brokers ") + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")),
            ids.size() == 1 ? "is" : "are", cluster.zookeeper(), cluster.bootstrapServers());
        ctx.out().println("From Java cells: kafka.producer(), kafka.consumer(\"group\"), kafka.admin(), kafka.topics(), kafka.group(\"g\") ...");
        ctx.display(RecordTable.of(cluster.inspect().brokers()));
    }

    /**
     * The brokers take 9092, 9093, … when free, else the next free ports: which default ports were taken by another
     * process and what the brokers got instead, as every lab server says it.
     */
    private static Optional<String> portNote(KafkaCluster cluster) {
        List<Integer> ports = cluster.nodes().stream().filter(n -> n.role() == NodeRole.BROKER)
            .map(n -> Integer.parseInt(n.hostPort().substring(n.hostPort().lastIndexOf(':') + 1))).toList();
        int first = KafkaLabSpec.defaults().firstPort();
        List<Integer> taken = IntStream.range(first, first + ports.size()).boxed().filter(p -> !ports.contains(p)).toList();
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> instead = ports.stream().filter(p -> p >= first + ports.size() || p < first).toList();
        return Optional.of((taken.size() == 1 ? "Port " + join(taken) + " is in use by another process; using "
            : "Ports " + join(taken) + " are in use by other processes; using ") + join(instead) + ".");
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static KafkaLabSpec security(ParsedArgs args, KafkaLabSpec spec) {
        if (!args.has("--security")) {
            if (args.has("--user") || args.has("--password")) {
                throw new MagicException("kafka start: --user and --password go with --security scram.");
            }
            return spec;
        }
        String security = args.require("--security");
        if (!security.equals("scram")) {
            throw new MagicException("kafka start: --security takes scram (SASL/SCRAM-SHA-256), not '" + security
                + "'; TLS is not offered by the lab.");
        }
        if (!args.has("--user") || !args.has("--password")) {
            throw new MagicException("kafka start: --security scram needs --user U --password P.");
        }
        return spec.scram(args.require("--user"), args.require("--password"));
    }

    /** The brokers table; for brokers that are child JVMs and crashed, how each ended and the last lines of its log. */
    private void status(MagicContext ctx) {
        Optional<KafkaCluster> started = session.started();
        if (started.isPresent() && started.get() instanceof ZkKafkaCluster zk && zk.status().state() == ComponentState.CRASHED) {
            ctx.out().println(zk.status().detail().orElseThrow() + " Run %kafka start to start it again.");
            zk.crashes(CRASH_LOG_LINES).forEach(crash -> lastLines(crash, ctx.out()));
            return;
        }
        KafkaCluster cluster = session.cluster();
        if (cluster instanceof ZkKafkaCluster zk) {
            for (BrokerCrash crash : zk.crashes(CRASH_LOG_LINES)) {
                ctx.out().println(crash.report() + ". Run %kafka broker start " + crash.brokerId() + " to start it again.");
                lastLines(crash, ctx.out());
            }
        }
        Rows<NodeSummary> brokers = cluster.inspect().brokers();
        ctx.out().println((cluster instanceof KafkaLab lab ? "Kafka lab: " + lab.spec() + ". "
                : cluster instanceof ZkKafkaCluster zk ? "Kafka lab: " + zk.spec() + ". " : "External cluster. ")
            + "Bootstrap servers: " + cluster.bootstrapServers());
        ctx.display(RecordTable.of(brokers));
    }

    private static void lastLines(BrokerCrash crash, PrintStream out) {
        if (!crash.lastLines().isEmpty()) {
            out.println("Last lines of the log of broker " + crash.brokerId() + " (" + crash.logFile() + "):");
            crash.lastLines().forEach(l -> out.println("  " + l));
        }
    }

    private void connect(ParsedArgs args, MagicContext ctx) {
        String bootstrap = args.value("--bootstrap-server").orElseThrow(() ->
            new MagicException("kafka connect: give --bootstrap-server HOST:PORT[,HOST:PORT...]."));
        ExternalKafka cluster = session.connect(bootstrap,
            ClientConfigFile.read("kafka connect", "--command-config", args.value("--command-config")));
        ctx.out().println("Connected to the Kafka cluster at " + cluster.bootstrapServers() + ".");
        ctx.display(RecordTable.of(cluster.inspect().brokers()));
    }

    private void stopBroker(ParsedArgs args, MagicContext ctx) {
        int id = brokerId(args);
        KafkaCluster cluster = session.cluster();
        boolean abrupt = args.has("--abrupt");
        long t0 = System.nanoTime();
        cluster.stopBroker(id, abrupt);
        ctx.out().printf("Broker %d stopped%s in %.1f s.%s%n", id, abrupt ? " abruptly" : "", (System.nanoTime() - t0) / 1e9,
            abrupt ? " The controller fences it after the broker session timeout; then leadership moves." : "");
        ctx.display(RecordTable.of(cluster.inspect().brokers()));
    }

    private void startBroker(ParsedArgs args, MagicContext ctx) {
        int id = brokerId(args);
        KafkaCluster cluster = session.cluster();
        long t0 = System.nanoTime();
        cluster.startBroker(id);
        ctx.out().printf("Broker %d started again in %.1f s; it catches up and rejoins the ISR.%n", id, (System.nanoTime() - t0) / 1e9);
        ctx.display(RecordTable.of(cluster.inspect().brokers()));
    }

    private static int brokerId(ParsedArgs args) {
        String given = args.positional(0).orElseThrow();
        try {
            return Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new MagicException("kafka " + args.command() + ": '" + given + "' is not a broker id (e.g. 102).");
        }
    }

    private void quorum(MagicContext ctx) {
        KafkaCluster cluster = session.cluster();
        if (cluster instanceof ZkKafkaCluster zk) {
            ZooKeeperCoordinator coordinator = zk.coordinator();
            ctx.out().println("The coordinator: ZooKeeper at " + coordinator.zookeeper() + " holds the cluster's metadata;"
                + coordinator.controller().map(id -> " broker " + id + " is the controller (/controller).")
                    .orElse(" no broker is controller right now (/controller is empty)."));
            ctx.out().print(coordinator.serverStats());
            return;
        }
        QuorumStatus quorum = cluster.inspect().quorum();
        List<NodeSummary> controllers = cluster.inspect().brokers().stream()
            .filter(n -> n.role() == NodeRole.CONTROLLER).toList();
        ctx.out().println("The coordinator: KRaft controller " + quorum.leaderId() + " leads the metadata quorum "
            + quorum.currentVoters().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")) + ".");
        ctx.display(KafkaRenderers.quorum(quorum));
        if (!controllers.isEmpty()) {
            ctx.display(RecordTable.of(Rows.of("controllers", controllers)));
        }
    }

    private void layout(ParsedArgs args, MagicContext ctx) {
        if (args.has("--watch")) {
            watches.layout(args, ctx);
            return;
        }
        if (args.has("--every") || args.has("--for") || args.has("--background")) {
            throw new MagicException("kafka layout: --every, --for and --background go with --watch.");
        }
        KafkaCluster cluster = session.cluster();
        PartitionLayout layout = cluster.inspect().layout(args.value("--topic"));
        if (cluster instanceof ZkKafkaCluster zk) {
            ZooKeeperCoordinator coordinator = zk.coordinator();
            ctx.display(LayoutSvg.render(layout, "Coordinator: ZooKeeper " + coordinator.zookeeper() + ", controller broker "
                + coordinator.controller().map(String::valueOf).orElse("?")));
            return;
        }
        ctx.display(LayoutSvg.render(layout));
    }
}
