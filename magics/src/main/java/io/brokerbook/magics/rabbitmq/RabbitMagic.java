package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.rabbitmq.ConsumeOptions;
import io.brokerbook.cluster.rabbitmq.DeliveryRow;
import io.brokerbook.cluster.rabbitmq.PublishResult;
import io.brokerbook.cluster.rabbitmq.QpidJava;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitServerKind;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.lab.ServerPackLines;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code %rabbitmq start|stop|status|connect}, the topology verbs (declare, bind, delete, purge), publish,
 * consume and get; {@code %%rabbitmq publish …} publishes one message per line of the cell.
 */
final class RabbitMagic {
    static final ArgSpec SPEC = ArgSpec.named("rabbitmq",
            "Start, stop or connect to the lab's RabbitMQ; declare exchanges and queues, bind, publish, consume.")
        .subcommand("start", "Start a real rabbitmq-server on 127.0.0.1 as this kernel's child (private node, epmd and dirs); "
                + "without rabbitmq-server on PATH, Qpid Broker-J (AMQP 0-9-1) in a child JVM on Java 17-23 instead.",
            s -> s
                .option("--server", "KIND", "rabbitmq (the real rabbitmq-server), qpid (Qpid Broker-J in a child JVM) or auto "
                    + "(default: rabbitmq-server if on PATH, else qpid).")
                .option("--port", "PORT", "AMQP port on 127.0.0.1 (default 5672 if free, else the next free one).")
                .option("--data-dir", "DIR", "Keep durable queues and persistent messages in DIR across stop/start.")
                .option("--user", "USER", "The user created at the node's first start (default guest).")
                .option("--password", "PASSWORD", "That user's password (default guest).")
                .flag("--management", "Serve the management UI on 15672 (or the next free port) and print its URL."))
        .subcommand("status", "Which server runs, its address, data dir, and its queues.")
        .subcommand("stop", "Stop the lab's server (removing its temp files), or disconnect from an existing one.")
        .subcommand("connect", "Use an existing RabbitMQ instead of starting one.", s -> s
            .positional("URL", "amqp://user:pass@host:5672/vhost")
            .option("--management-url", "URL", "Its management API (default http://HOST:15672/), used by %rabbitmqctl."))
        .subcommand("declare", "Declare an exchange or a queue (exchange.declare / queue.declare).", d -> d
            .subcommand("exchange", "Declare an exchange.", s -> s
                .positional("NAME", "exchange name")
                .option("--type", "TYPE", "direct, fanout, topic or headers (default direct).")
                .flag("--durable", "Survives a broker restart."))
            .subcommand("queue", "Declare a queue.", s -> s
                .positional("NAME", "queue name")
                .flag("--durable", "Survives a broker restart (its persistent messages too).")
                .option("--ttl", "MS", "x-message-ttl: messages expire after MS milliseconds.")
                .option("--dead-letter-exchange", "X", "x-dead-letter-exchange: expired or rejected messages go to X.")
                .option("--dead-letter-routing-key", "K", "x-dead-letter-routing-key: with this routing key.")
                .option("--max-length", "N", "x-max-length: at most N ready messages (the oldest are dropped).")))
        .subcommand("bind", "Bind a queue to an exchange (queue.bind).", s -> s
            .positional("QUEUE", "queue name")
            .positional("EXCHANGE", "exchange name")
            .option("--routing-key", "KEY", "Binding key (a pattern with * and # for topic exchanges).").alias("-k", "--routing-key"))
        .subcommand("delete", "Delete a queue or an exchange.", d -> d
            .subcommand("queue", "Delete a queue and its messages.", s -> s.positional("NAME", "queue name"))
            .subcommand("exchange", "Delete an exchange and its bindings.", s -> s.positional("NAME", "exchange name")))
        .subcommand("purge", "Remove every ready message of a queue (queue.purge).", s -> s.positional("QUEUE", "queue name"))
        .subcommand("publish", "Publish messages (basic.publish); %%rabbitmq publish takes one message per line.", s -> s
            .option("--exchange", "X", "Exchange (default: the default exchange, which routes by queue name).").alias("-e", "--exchange")
            .option("--routing-key", "KEY", "Routing key.").alias("-k", "--routing-key")
            .flag("--persistent", "Delivery mode 2: kept on disk in a durable queue.")
            .flag("--confirm", "Publisher confirms: each row says whether the broker confirmed it.")
            .flag("--mandatory", "A message no queue takes comes back: \"returned as unroutable\".")
            .morePositionals("MESSAGE", "message bodies (line magic)"))
        .subcommand("consume", "Consume from a queue (basic.consume) and show what each consumer took.", s -> s
            .positional("QUEUE", "queue name")
            .option("--ack", "MODE", "auto (acked by the broker on delivery), manual (the consumer acks each: default), "
                + "none (never acked: back to the queue when the channel closes).")
            .option("--prefetch", "N", "basic.qos: at most N unacknowledged messages per consumer (default unlimited).")
            .option("--max-messages", "N", "Stop after N messages in all.")
            .option("--timeout-ms", "MS", "Stop when no message arrived for MS ms (default 1000).")
            .option("--consumers", "N", "N consumers, each on its own channel (a work queue spreads among them).")
            .option("--crash-after", "K", "Consumer 1 closes its channel after taking K messages without acking them."))
        .subcommand("get", "Take one message (basic.get).", s -> s
            .positional("QUEUE", "queue name")
            .flag("--ack", "Acknowledge it (removed); without --ack it is put back and comes again with redelivered=true."));

    private final RabbitSession session;

    RabbitMagic(RabbitSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> args, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        PrintStream out = ctx.out();
        switch (p.command()) {
            case "start" -> start(p, out);
            case "status" -> status(ctx);
            case "stop" -> out.println(session.stop());
            case "connect" -> connect(p, out);
            case "declare exchange" -> {
                String type = p.value("--type", "direct");
                session.amqp(a -> {
                    a.declareExchange(p.positionals().get(0), type, p.has("--durable"));
                    return null;
                });
                out.println("Exchange " + p.positionals().get(0) + " (" + type.toLowerCase(Locale.ROOT) + ", "
                    + (p.has("--durable") ? "durable" : "transient") + ") declared.");
            }
            case "declare queue" -> declareQueue(p, out);
            case "bind" -> {
                String key = p.value("--routing-key", "");
                session.amqp(a -> {
                    a.bind(p.positionals().get(0), p.positionals().get(1), key);
                    return null;
                });
                out.println("Queue " + p.positionals().get(0) + " bound to exchange " + p.positionals().get(1)
                    + (key.isEmpty() ? "." : " with routing key '" + key + "'."));
            }
            case "delete queue" -> {
                long n = session.amqp(a -> a.deleteQueue(p.positionals().get(0)));
                out.println("Queue " + p.positionals().get(0) + " deleted (" + n + " messages with it).");
            }
            case "delete exchange" -> {
                session.amqp(a -> {
                    a.deleteExchange(p.positionals().get(0));
                    return null;
                });
                out.println("Exchange " + p.positionals().get(0) + " deleted.");
            }
            case "purge" -> {
                long n = session.amqp(a -> a.purge(p.positionals().get(0)));
                out.println("Purged " + n + " messages from " + p.positionals().get(0) + ".");
            }
            case "publish" -> {
                if (p.positionals().isEmpty()) {
                    throw new MagicException("No message: write %rabbitmq publish --routing-key K \"message\", or %%rabbitmq publish with one message per line.");
                }
                publish(p, p.positionals(), ctx);
            }
            case "consume" -> consume(p, ctx);
            case "get" -> get(p, ctx);
            default -> throw new MagicException("Unknown %rabbitmq command; see %rabbitmq --help.");
        }
    }

    void cell(List<String> args, String body, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        if (!p.command().equals("publish")) {
            throw new MagicException("%%rabbitmq only publishes: %%rabbitmq publish --exchange X --routing-key K, one message per line below.");
        }
        if (!p.positionals().isEmpty()) {
            throw new MagicException("%%rabbitmq publish takes its messages from the cell's lines, not its first line.");
        }
        List<String> messages = body.lines().filter(l -> !l.isBlank()).toList();
        if (messages.isEmpty()) {
            throw new MagicException("No message: write one message per line below %%rabbitmq publish.");
        }
        publish(p, messages, ctx);
    }

    private void start(ParsedArgs p, PrintStream out) {
        p.notes().forEach(out::println);
        if (p.has("--user") != p.has("--password")) {
            throw new MagicException("Give --user and --password together (or neither, for guest/guest).");
        }
        Path dataDir = p.value("--data-dir").map(Path::of).orElse(null);
        RabbitServerKind kind = RabbitServerKind.parse(p.value("--server", "auto"));
        RabbitLab lab = ServerPackLines.started(session.start(p.intValue("--port").orElse(null),
            p.value("--user").orElse(null), p.value("--password").orElse(null), dataDir, p.has("--management"), kind), out);
        if (lab.isQpid()) {
            QpidJava java = lab.qpidJava().orElseThrow();
            out.printf(Locale.ROOT, "%s started on amqp://%s:%d/ in %.1f s (pid %d, java %s: %s)%s.%n", lab.implementation(),
                lab.host(), lab.port(), lab.startTime().toMillis() / 1000.0, lab.pid().orElse(-1L), java.home(),
                java.source(), kind == RabbitServerKind.QPID ? "" : "; no rabbitmq-server on PATH");
            out.println("Same magics and client as RabbitMQ; not available here: TTL, dead letters, x-max-length, the management UI.");
        } else {
            out.printf(Locale.ROOT, "RabbitMQ %s started on amqp://%s:%d/ in %.1f s (pid %d, %s).%n", lab.version(), lab.host(),
                lab.port(), lab.startTime().toMillis() / 1000.0, lab.pid().orElse(-1L), lab.implementation());
        }
        out.println(lab.dataDir().map(d -> "Data dir: " + ShownPath.of(d) + " (durable queues and persistent messages kept across %rabbitmq stop / start).")
            .orElse("No data dir: %rabbitmq stop removes everything."));
        if (lab.managementAnnounced()) {
            out.println("Management UI: " + lab.managementUrl() + " (user " + lab.user() + ").");
        }
        out.println("From Java cells: rabbit.channel(), rabbit.queues(); tables: %rabbitmqctl list_queues name messages consumers.");
    }

    private void connect(ParsedArgs p, PrintStream out) {
        RabbitLab lab = session.connect(p.positionals().get(0), p.value("--management-url").orElse(null));
        out.println("Connected to " + lab.url() + " as " + lab.user() + " (RabbitMQ " + lab.version() + ").");
    }

    private void status(MagicContext ctx) {
        if (!ServerPackLines.printCrash(session.current(), "rabbitmq", ctx.out())) {
            ctx.display(RecordTable.of(Rows.of("rabbitmq", List.of(session.lab().status()))));
        }
    }

    private void declareQueue(ParsedArgs p, PrintStream out) {
        String name = p.positionals().get(0);
        Long ttl = p.longValue("--ttl").orElse(null);
        Long max = p.longValue("--max-length").orElse(null);
        long messages = session.amqp(a -> a.declareQueue(name, p.has("--durable"), ttl,
            p.value("--dead-letter-exchange").orElse(null), p.value("--dead-letter-routing-key").orElse(null), max));
        out.println("Queue " + name + " (" + (p.has("--durable") ? "durable" : "transient")
            + (ttl != null ? ", x-message-ttl " + ttl + " ms" : "")
            + p.value("--dead-letter-exchange").map(x -> ", dead letters to " + x).orElse("")
            + (max != null ? ", x-max-length " + max : "") + ") declared; " + messages + " messages ready.");
    }

    private void publish(ParsedArgs p, List<String> messages, MagicContext ctx) {
        Rows<PublishResult> rows = session.amqp(a -> a.publish(p.value("--exchange", ""), p.value("--routing-key", ""),
            messages, p.has("--persistent"), p.has("--confirm"), p.has("--mandatory")));
        ctx.display(RecordTable.of(rows, PublishResult.class));
    }

    private void consume(ParsedArgs p, MagicContext ctx) {
        String mode = p.value("--ack", "manual");
        ConsumeOptions.AckMode ack = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> ConsumeOptions.AckMode.AUTO;
            case "manual" -> ConsumeOptions.AckMode.MANUAL;
            case "none" -> ConsumeOptions.AckMode.NONE;
            default -> throw new MagicException("--ack " + mode + ": use auto, manual or none.");
        };
        int consumers = positive(p, "--consumers", 1, 1);
        ConsumeOptions options = new ConsumeOptions(ack, positive(p, "--prefetch", 0, 0), positive(p, "--max-messages", 0, 1),
            Duration.ofMillis(positive(p, "--timeout-ms", 1000, 1)), consumers, positive(p, "--crash-after", 0, 1));
        if (options.crashAfter() > 0 && ack == ConsumeOptions.AckMode.AUTO) {
            throw new MagicException("--crash-after needs --ack manual or none: with --ack auto the broker forgets a message once sent.");
        }
        Rows<DeliveryRow> rows = session.amqp(a -> a.consume(p.positionals().get(0), options));
        ctx.display(RecordTable.of(rows, DeliveryRow.class));
        long redelivered = rows.stream().filter(DeliveryRow::redelivered).count();
        ctx.out().println(rows.size() + " messages taken" + (consumers > 1 ? " by " + consumers + " consumers" : "")
            + (redelivered > 0 ? ", " + redelivered + " of them redelivered" : "") + ".");
    }

    private static int positive(ParsedArgs p, String option, int fallback, int min) {
        int v = p.intValue(option).orElse(fallback);
        if (p.has(option) && v < min) {
            throw new MagicException(option + " " + v + ": must be at least " + min + ".");
        }
        return v;
    }

    private void get(ParsedArgs p, MagicContext ctx) {
        String queue = p.positionals().get(0);
        Optional<DeliveryRow> row = session.amqp(a -> a.get(queue, p.has("--ack")));
        if (row.isEmpty()) {
            ctx.out().println("Queue " + queue + " has no ready message.");
            return;
        }
        ctx.display(RecordTable.of(Rows.of("basic.get " + queue, List.of(row.get())), DeliveryRow.class));
    }
}
