package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.redis.RedisCliFormat;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.magics.lab.ServerPackLines;
import io.brokerbook.cluster.redis.RedisReply;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code %redis start|status|stop|connect URL|COMMAND args…} and {@code %%redis} (one command per
 * line). Replies print as redis-cli prints them.
 */
final class RedisMagic {
    static final ArgSpec SPEC = ArgSpec.named("redis",
            "Start, inspect, stop or connect to the lab's Redis, or run any Redis command (printed like redis-cli).")
        .subcommand("start", "Start a real redis-server on 127.0.0.1 (redis-server from PATH, else the embedded-redis jar's).",
            s -> s
                .option("--port", "PORT", "TCP port on 127.0.0.1 (default 6379 if free, else the next free one).")
                .option("--password", "PASSWORD", "Require this password (requirepass).")
                .option("--data-dir", "DIR", "Keep data (AOF + RDB) in DIR across stop/start; without it nothing is saved."))
        .subcommand("status", "Version, address, keys and memory of the server; how it ended if it crashed.")
        .subcommand("stop", "Stop the lab's server (removing its temp files), or disconnect from an existing one.")
        .subcommand("connect", "Use an existing Redis instead of starting one.",
            s -> s.positional("URL", "redis://[user:password@]host:port[/db], e.g. redis://127.0.0.1:6379/0"))
        .otherwise("COMMAND [ARG...]", "Any other first word is a Redis command, sent as is, e.g. SET greeting hola EX 60.");

    /** Commands that keep sending replies until interrupted, like redis-cli's "Reading messages…". */
    private static final Set<String> STREAMING = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR");
    /** Lines of the server's log shown with a crash. */

    private final RedisSession session;

    RedisMagic(RedisSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> args, MagicContext ctx) throws Exception {
        ParsedArgs p = SPEC.parse(subcommandInLowerCase(args));
        switch (p.command()) {
            case "start" -> start(p, ctx.out());
            case "status" -> status(ctx);
            case "stop" -> ctx.out().println(session.stop());
            case "connect" -> connect(p.positionals().get(0), ctx.out());
            default -> {
                RedisReply reply = command(p.positionals(), ctx, false);
                if (reply != null && reply.isError()) { // shown once, as the cell's error
                    throw new MagicException(RedisCliFormat.format(reply));
                }
            }
        }
    }

    /** {@code %redis START} is the subcommand too (as it always was); Redis commands are case-insensitive anyway. */
    private static List<String> subcommandInLowerCase(List<String> args) {
        if (args.isEmpty() || !isSubcommand(args.get(0))) {
            return args;
        }
        List<String> words = new ArrayList<>(args);
        words.set(0, args.get(0).toLowerCase(Locale.ROOT));
        return words;
    }

    private static boolean isSubcommand(String word) {
        return SPEC.subcommandNames().contains(word.toLowerCase(Locale.ROOT));
    }

    /** One command per line; every reply is printed after a redis-cli style prompt, errors included. */
    void cell(List<String> args, String body, MagicContext ctx) throws Exception {
        if (!args.isEmpty()) {
            throw new MagicException("%%redis takes no arguments on its first line; write one Redis command per line below it.");
        }
        List<List<String>> commands = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String[] raw = body.split("\\R");
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i].strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            try {
                commands.add(ArgTokenizer.split(text));
            } catch (MagicException e) {
                throw new MagicException("Line " + (i + 1) + ": " + e.getMessage() + " (nothing was run)");
            }
            lines.add(text);
        }
        for (int i = 0; i < commands.size(); i++) {
            ctx.checkInterrupted();
            List<String> words = commands.get(i);
            if (isSubcommand(words.get(0))) {
                line(words, ctx);
                continue;
            }
            RedisLab lab = session.lab();
            ctx.out().println(lab.host() + ":" + lab.port() + "> " + lines.get(i));
            command(words, ctx, true);
        }
    }

    /**
     * Runs a Redis command, prints its reply (an error reply only if {@code printErrors}) and
     * returns it (null for streaming commands).
     */
    private RedisReply command(List<String> words, MagicContext ctx, boolean printErrors) throws Exception {
        PrintStream out = ctx.out();
        try (AutoCloseable interrupt = ctx.onInterrupt(() -> session.current().ifPresent(RedisLab::abortCommand))) {
            return session.use(lab -> {
                if (STREAMING.contains(words.get(0).toUpperCase(Locale.ROOT))) {
                    if (!words.get(0).equalsIgnoreCase("MONITOR")) { // MONITOR's own +OK comes first instead
                        out.println("Reading messages... (interrupt the cell to stop)");
                        out.flush();
                    }
                    lab.stream(words, reply -> {
                        out.println(RedisCliFormat.format(reply));
                        out.flush();
                    });
                    return null;
                }
                RedisReply reply = lab.execute(words);
                if (printErrors || !reply.isError()) {
                    out.println(RedisCliFormat.format(reply));
                }
                return reply;
            });
        }
    }

    private void start(ParsedArgs p, PrintStream out) {
        p.notes().forEach(out::println);
        Integer port = p.intValue("--port").orElse(null);
        Path dataDir = p.value("--data-dir").map(Path::of).orElse(null);
        RedisLab lab = ServerPackLines.started(session.start(port, p.value("--password").orElse(null), dataDir), out);
        out.println("Redis " + lab.version() + " started on " + lab.host() + ":" + lab.port() + " (pid " + lab.pid().orElse(-1L)
            + ", " + lab.binary().map(b -> b.executable() + " from " + b.origin()).orElse("?") + ").");
        out.println(lab.dataDir().map(d -> "Data dir: " + ShownPath.of(d) + " (kept across %redis stop / start).")
            .orElse("Nothing is saved to disk; %redis stop removes its temp files."));
        out.println("From Java cells: redis.jedis(), redis.cache(\"name\").getOrCompute(key, ttl, () -> answer)."
            + (lab.logFile().isPresent() ? " %redis status shows where its log is." : ""));
    }

    private void connect(String url, PrintStream out) {
        RedisLab lab = session.connect(url);
        out.println("Connected to " + lab.url() + " (Redis " + lab.version() + ").");
    }

    /** The INFO table; for a server that crashed, how it ended and the last lines of its log instead. */
    private void status(MagicContext ctx) {
        if (!ServerPackLines.printCrash(session.current(), "redis", ctx.out())) {
            ctx.display(RedisMagics.render(session.use(RedisLab::info)));
        }
    }
}
