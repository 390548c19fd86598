package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.zookeeper.ZooKeeperLab;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code %zookeeper start|stop|status|tree}: the lab's ZooKeeper server, the coordinator of Kafka in ZooKeeper mode. */
final class ZooKeeperMagic {
    static final ArgSpec SPEC = ArgSpec.named("zookeeper",
            "The lab's ZooKeeper: start/stop a real standalone server (child JVM), its status, the tree of its znodes.")
        .subcommand("start", "Start a ZooKeeper 3.8 server on 127.0.0.1 (as zookeeper-server-start.sh does).", s -> s
            .option("--port", "PORT", "clientPort on 127.0.0.1 (default 2181 if free, else the next free one).")
            .option("--data-dir", "DIR", "dataDir: keep snapshots and the transaction log in DIR across stop/start (default: temp dir)."))
        .subcommand("stop", "Stop the server (its temp data is removed; a --data-dir is kept).")
        .subcommand("status", "Address, data dir, and the server's own srvr answer (mode, zxid, connections, znodes).")
        .subcommand("tree", "The znodes under PATH, indented, with their data; ephemeral ones show their owner session.", s -> s
            .optionalPositional("PATH", "Where to start (default /).")
            .option("--server", "HOST:PORT", "Another ZooKeeper than the lab's."));

    private final ZooKeeperSession session;

    ZooKeeperMagic(ZooKeeperSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        switch (args.command()) {
            case "start" -> start(args, ctx.out());
            case "stop" -> ctx.out().println(session.stop());
            case "status" -> status(ctx);
            case "tree" -> {
                String tree = session.withClient(args.value("--server"),
                    client -> ZnodeTreeText.render(client.tree(args.positional(0).orElse("/"))));
                ctx.out().print(tree);
            }
            default -> throw new IllegalStateException("Unhandled %zookeeper " + args.command());
        }
    }

    private void start(ParsedArgs args, PrintStream out) {
        Integer port = args.intValue("--port").orElse(null);
        Path dataDir = args.value("--data-dir").map(d -> Path.of(d).toAbsolutePath()).orElse(null);
        long t0 = System.nanoTime();
        LabSlot.Started<ZooKeeperLab> started = session.start(port, dataDir);
        started.replacedCrash().ifPresent(out::println);
        ZooKeeperLab zk = started.component();
        zk.portNote().ifPresent(out::println);
        out.printf("ZooKeeper %s started in %.1f s on %s (pid %d, standalone).%n", ZooKeeperLab.VERSION,
            (System.nanoTime() - t0) / 1e9, zk.address(), zk.pid());
        out.println(zk.dataIsTemporary() ? "Its data is in a temp dir, removed by %zookeeper stop (--data-dir DIR keeps it)."
            : "dataDir: " + ShownPath.of(zk.dataDir()) + " (kept across %zookeeper stop / start).");
        out.println("Next: %kafka start --zookeeper localhost:" + zk.port() + " --brokers 1");
    }

    private void status(MagicContext ctx) {
        ZooKeeperLab zk = session.lab();
        ctx.display(RecordTable.of(Rows.of("zookeeper", List.of(zk.status()))));
        ctx.out().print(zk.serverStats());
        Optional.of(zk.logFile()).ifPresent(f -> ctx.out().println("Log: " + ShownPath.of(f)));
    }
}
