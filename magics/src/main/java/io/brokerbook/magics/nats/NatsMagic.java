package io.brokerbook.magics.nats;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.nats.NatsDuration;
import io.brokerbook.cluster.nats.NatsConsumer;
import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.cluster.nats.NatsMessage;
import io.brokerbook.cluster.nats.NatsServerOptions;
import io.brokerbook.cluster.nats.NatsStream;
import io.brokerbook.cluster.nats.NatsSubject;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %nats start|stop|status|connect|pub|sub|stream …|consumer …} and {@code %%nats pub SUBJECT} (one message
 * per line), named and printed as the nats CLI does.
 */
final class NatsMagic {
    static final ArgSpec SPEC = ArgSpec.named("nats",
            "Start, inspect, stop or connect to the lab's NATS server; publish, subscribe, and JetStream streams and consumers.")
        .subcommand("start", "Start Debian's nats-server on 127.0.0.1.", s -> s
            .option("--port", "PORT", "TCP port on 127.0.0.1 (default 4222 if free, else the next free one).")
            .flag("--jetstream", "Enable JetStream (streams, consumers), its store in the lab's temp dir.")
            .option("--data-dir", "DIR", "Keep JetStream's store in DIR across stop/start (enables JetStream)."))
        .subcommand("status", "Address, server and JetStream of the lab's NATS; how it ended if it crashed.")
        .subcommand("stop", "Stop the lab's nats-server (removing its temp files), or disconnect from an existing one.")
        .subcommand("connect", "Use an existing NATS server instead of starting one.", s -> s
            .positional("URL", "nats://host:port, e.g. nats://127.0.0.1:4222"))
        .subcommand("pub", "Publish a message (nats pub).", s -> s
            .positional("SUBJECT", "A literal subject, e.g. orders.new (no wildcards).")
            .morePositionals("MESSAGE", "The message text (the words after the subject)."))
        .subcommand("sub", "Subscribe and print what arrives (nats sub); interrupt the cell to stop.", s -> s
            .positional("SUBJECT", "A subject filter: * is one token, > the rest (orders.*, orders.>).")
            .option("--queue", "GROUP", "Join this queue group: each message goes to one member of the group.")
            .option("--max-messages", "N", "Stop after N messages.")
            .alias("--count", "--max-messages")
            .option("--timeout-ms", "MS", "Stop when no message came for MS milliseconds."))
        .subcommand("stream", "JetStream streams (nats stream).", st -> st
            .subcommand("add", "Create a stream (nats stream add).", s -> s
                .positional("NAME", "The stream's name, e.g. ORDERS.")
                .repeatable("--subjects", "SUBJECTS", "Subjects it stores (comma-separated or repeated), e.g. 'orders.>'.")
                .option("--storage", "file|memory", "Where it keeps messages (default file).")
                .option("--retention", "limits|interest|work", "When messages go (default limits).")
                .option("--max-msgs", "N", "Keep at most N messages (default unlimited)."))
            .subcommand("ls", "List the streams (nats stream ls).")
            .subcommand("info", "A stream's configuration and state (nats stream info).", s -> s
                .positional("NAME", "The stream's name.")))
        .subcommand("consumer", "JetStream consumers (nats consumer).", co -> co
            .subcommand("add", "Create a durable pull consumer (nats consumer add).", s -> s
                .positional("STREAM", "The stream.")
                .positional("NAME", "The consumer's durable name.")
                .option("--ack", "explicit|all|none", "Acknowledgement policy (default explicit).")
                .option("--deliver", "all|new|last", "Where it starts (default all).")
                .option("--filter", "SUBJECT", "Only messages of this subject filter.")
                .option("--wait", "DURATION", "AckWait: redeliver what is not acked within it (e.g. 5s; server default 30s).")
                .option("--max-deliver", "N", "Delivery attempts per message (default unlimited)."))
            .subcommand("next", "Fetch and acknowledge the next messages (nats consumer next).", s -> s
                .positional("STREAM", "The stream.")
                .positional("NAME", "The consumer.")
                .option("--count", "N", "How many messages (default 1).")
                .flag("--no-ack", "Do not acknowledge: they are redelivered after AckWait.")
                .option("--wait", "DURATION", "How long to wait for each message (default 5s)."))
            .subcommand("info", "A consumer's configuration and state (nats consumer info).", s -> s
                .positional("STREAM", "The stream.")
                .positional("NAME", "The consumer."))
            .subcommand("ls", "The consumers of a stream (nats consumer ls).", s -> s
                .positional("STREAM", "The stream.")));

    private final LabSlot<NatsLab> slot;
    private final Path workDir;
    private final String searchPath;

    NatsMagic(LabSlot<NatsLab> slot, Path workDir, String searchPath) {
        this.slot = slot;
        this.workDir = workDir;
        this.searchPath = searchPath;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> args, MagicContext ctx) throws Exception {
        ParsedArgs p = SPEC.parse(args);
        PrintStream out = ctx.out();
        List<String> pos = p.positionals();
        switch (p.command()) {
            case "start" -> start(p, out);
            case "stop" -> out.println(stop());
            case "status" -> status(ctx);
            case "connect" -> {
                NatsLab lab = slot.connect(() -> NatsLab.connect(pos.get(0)));
                out.println("Connected to " + lab.url() + " (NATS " + lab.version() + (lab.jetstream() ? ", JetStream" : "") + ").");
            }
            case "pub" -> {
                if (pos.size() < 2) {
                    throw new MagicException("nats pub: give the message after the subject, e.g. %nats pub orders.new hola.");
                }
                String subject = pos.get(0);
                String message = String.join(" ", pos.subList(1, pos.size()));
                int bytes = slot.use(lab -> lab.publish(subject, message));
                out.println("Published " + bytes + " bytes to \"" + subject + "\"");
            }
            case "sub" -> subscribe(p, ctx);
            case "stream add" -> {
                NatsStream stream = slot.use(lab -> lab.addStream(pos.get(0), subjects(p), p.value("--storage").orElse(null),
                    p.value("--retention").orElse(null), p.longValue("--max-msgs").orElse(-1L)));
                show(ctx, "stream " + stream.name(), stream);
            }
            case "stream ls" -> ctx.display(RecordTable.of(slot.use(NatsLab::streams)));
            case "stream info" -> {
                NatsStream stream = slot.use(lab -> lab.stream(pos.get(0)));
                show(ctx, "stream " + stream.name(), stream);
            }
            case "consumer add" -> {
                Duration ackWait = p.value("--wait").map(w -> NatsDuration.parse(w, "--wait")).orElse(null);
                NatsConsumer consumer = slot.use(lab -> lab.addConsumer(pos.get(0), pos.get(1), p.value("--ack").orElse(null),
                    p.value("--deliver").orElse(null), p.value("--filter").orElse(null), ackWait,
                    p.longValue("--max-deliver").orElse(-1L)));
                show(ctx, "consumer " + consumer.name(), consumer);
            }
            case "consumer next" -> next(p, ctx);
            case "consumer info" -> {
                NatsConsumer consumer = slot.use(lab -> lab.consumer(pos.get(0), pos.get(1)));
                show(ctx, "consumer " + consumer.name(), consumer);
            }
            case "consumer ls" -> ctx.display(RecordTable.of(slot.use(lab -> lab.consumers(pos.get(0)))));
            case "stream", "consumer" -> throw new MagicException("nats " + p.command() + ": say what to do, e.g. %nats "
                + p.command() + (p.command().equals("stream") ? " ls" : " info STREAM NAME") + ". See %nats --help");
            default -> throw new IllegalStateException("Unhandled %nats " + p.command());
        }
    }

    /** {@code %%nats pub SUBJECT}: each non-empty line of the cell is one message. */
    void cell(List<String> args, String body, MagicContext ctx) throws Exception {
        if (args.size() != 2 || !args.get(0).equals("pub")) {
            throw new MagicException("%%nats takes 'pub SUBJECT' on its first line and one message per line below it.");
        }
        String subject = NatsSubject.requirePublishable(args.get(1));
        List<String> messages = body.lines().filter(l -> !l.isBlank()).toList();
        int bytes = slot.use(lab -> messages.stream().mapToInt(m -> lab.publish(subject, m)).sum());
        ctx.out().println("Published " + messages.size() + " messages (" + bytes + " bytes) to \"" + subject + "\"");
    }

    private static <R extends Record> void show(MagicContext ctx, String title, R row) {
        ctx.display(RecordTable.of(Rows.of(title, List.of(row))));
    }

    private static List<String> subjects(ParsedArgs p) {
        List<String> subjects = new ArrayList<>();
        for (String v : p.values("--subjects")) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    subjects.add(s.strip());
                }
            }
        }
        return subjects;
    }

    private void start(ParsedArgs p, PrintStream out) {
        NatsServerOptions options = NatsServerOptions.defaults()
            .withPort(p.intValue("--port").orElse(null))
            .withJetStream(p.has("--jetstream"))
            .withDataDir(p.value("--data-dir").map(Path::of).orElse(null))
            .withWorkDir(workDir)
            .withLogFile(workDir == null ? null : workDir.resolve("nats-server.log"))
            .withSearchPath(searchPath);
        NatsLab lab = ServerPackLines.started(slot.start(() -> NatsLab.start(options)), out);
        out.println("NATS " + lab.version() + " started on " + lab.address() + " (pid " + lab.pid().orElse(-1L) + ", "
            + lab.implementation().replaceFirst("^nats-server \\S+ \\(", "").replace(")", "") + ", ready in "
            + lab.startTime().toMillis() + " ms).");
        out.println(lab.dataDir().map(d -> "JetStream store: " + ShownPath.of(d) + " (kept across %nats stop / start).")
            .orElse(lab.jetstream() ? "JetStream on; its store is temporary (%nats stop removes it)."
                : "Core NATS only: add --jetstream for streams and consumers."));
    }

    private String stop() {
        return ServerPackLines.stop(slot, "NATS", old -> "NATS on " + old.address() + " stopped"
            + old.dataDir().map(d -> "; JetStream store kept in " + ShownPath.of(d) + ".").orElse("; temp files removed."), "server");
    }

    private void status(MagicContext ctx) {
        if (!ServerPackLines.printCrash(slot.current(), "nats", ctx.out())) {
            show(ctx, "nats", slot.require().status());
        }
    }

    private void subscribe(ParsedArgs p, MagicContext ctx) throws Exception {
        String subject = p.positionals().get(0);
        Integer max = p.intValue("--max-messages").orElse(null);
        Integer timeoutMs = p.intValue("--timeout-ms").orElse(null);
        if (max != null && max < 1) {
            throw new MagicException("nats sub: --max-messages must be 1 or more.");
        }
        if (timeoutMs != null && timeoutMs < 1) {
            throw new MagicException("nats sub: --timeout-ms must be 1 or more.");
        }
        String queue = p.value("--queue").orElse(null);
        PrintStream out = ctx.out();
        List<NatsMessage> got;
        try (AutoCloseable interrupt = ctx.onInterrupt(() -> { })) {
            got = slot.use(lab -> lab.subscribe(subject, queue, max, timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                () -> {
                    out.println("Subscribing on " + subject + (queue == null ? "" : " in queue group " + queue)
                        + (max == null ? "" : " (at most " + max + " messages)"));
                    out.flush();
                },
                m -> {
                    out.println("[#" + m.number() + "] Received on \"" + m.subject() + "\"" + m.replyTo().map(r -> " with reply \"" + r + "\"").orElse(""));
                    out.println(m.data());
                    out.println();
                    out.flush();
                }));
        }
        if (ctx.interrupted()) {
            Thread.interrupted();
            throw new MagicException("Interrupted after " + got.size() + " messages.");
        }
        if (timeoutMs != null && (max == null || got.size() < max)) {
            out.println(got.size() + " messages; no more within " + timeoutMs + " ms.");
        }
    }

    private void next(ParsedArgs p, MagicContext ctx) throws Exception {
        List<String> pos = p.positionals();
        int count = p.intValue("--count").orElse(1);
        if (count < 1) {
            throw new MagicException("nats consumer next: --count must be 1 or more.");
        }
        Duration wait = NatsDuration.parse(p.value("--wait").orElse("5s"), "--wait");
        boolean ack = !p.has("--no-ack");
        List<NatsMessage> got;
        try (AutoCloseable interrupt = ctx.onInterrupt(() -> { })) {
            got = slot.use(lab -> lab.next(pos.get(0), pos.get(1), count, ack, wait));
        }
        if (got.isEmpty()) {
            ctx.out().println("No message within " + NatsDuration.format(wait) + " (nothing pending for " + pos.get(1) + ").");
            return;
        }
        ctx.display(RecordTable.of(Rows.of(got.size() + (ack ? " messages, acknowledged" : " messages, not acknowledged"), got)));
    }
}
