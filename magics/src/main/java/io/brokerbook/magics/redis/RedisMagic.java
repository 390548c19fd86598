package io.brokerbook.magics.redis;

import io.brokerbook.cluster.redis.RedisCliFormat;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisLabException;
import io.brokerbook.cluster.redis.RedisReply;
import io.brokerbook.cluster.redis.RedisStatus;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.TableDisplay;

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
        .positional("start|status|stop|connect URL|COMMAND [ARG…]",
            "What to do; anything else is sent to Redis as a command, e.g. SET greeting hola EX 60.")
        .option("--port", "PORT", "start: TCP port on 127.0.0.1 (default 6379 if free, else a free one).")
        .option("--password", "PASSWORD", "start: require this password (requirepass).")
        .option("--data-dir", "DIR", "start: keep data (AOF + RDB) in DIR across stop/start; without it nothing is saved.");

    /** Commands that keep sending replies until interrupted, like redis-cli's "Reading messages…". */
    private static final Set<String> STREAMING = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR");

    private final RedisSession session;

    RedisMagic(RedisSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> args, MagicContext ctx) throws Exception {
        if (args.isEmpty()) {
            throw new MagicException("redis: say what to do: start, status, stop, connect URL, or a Redis command"
                + " such as SET greeting hola. See %redis --help");
        }
        switch (args.get(0).toLowerCase(Locale.ROOT)) {
            case "start" -> start(args.subList(1, args.size()), ctx.out());
            case "status" -> {
                noMoreArgs(args, "status");
                status(ctx);
            }
            case "stop" -> {
                noMoreArgs(args, "stop");
                ctx.out().println(session.stop());
            }
            case "connect" -> connect(args.subList(1, args.size()), ctx.out());
            default -> {
                RedisReply reply = command(args, ctx, false);
                if (reply != null && reply.isError()) { // shown once, as the cell's error
                    throw new MagicException(RedisCliFormat.format(reply));
                }
            }
        }
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
            String first = words.get(0).toLowerCase(Locale.ROOT);
            if (Set.of("start", "status", "stop", "connect").contains(first)) {
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
        RedisLab lab = session.lab();
        PrintStream out = ctx.out();
        try (AutoCloseable interrupt = ctx.onInterrupt(lab::abortCommand)) {
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
        } catch (RedisLabException e) {
            if (ctx.interrupted()) {
                throw new MagicException("Interrupted.", e);
            }
            throw session.failure(lab, e);
        }
    }

    private void start(List<String> rest, PrintStream out) {
        ParsedArgs p = SPEC.parse(rest);
        p.notes().forEach(out::println);
        if (!p.positionals().isEmpty()) {
            throw new MagicException("redis start: unexpected '" + p.positionals().get(0)
                + "'; options are --port, --password, --data-dir. See %redis --help");
        }
        Integer port = p.intValue("--port").orElse(null);
        Path dataDir = p.value("--data-dir").map(Path::of).orElse(null);
        RedisSession.StartResult r = session.start(port, p.value("--password").orElse(null), dataDir);
        if (r.crashNote() != null) {
            out.println(r.crashNote());
        }
        RedisLab lab = r.lab();
        String version;
        try {
            version = lab.status().redisVersion();
        } catch (RedisLabException e) {
            throw new MagicException(e.getMessage(), e);
        }
        out.println("Redis " + version + " started on " + lab.host() + ":" + lab.port() + " (pid " + lab.pid().orElse(-1L)
            + ", " + lab.binary().map(b -> b.executable() + " from " + b.origin()).orElse("?") + ").");
        out.println(lab.dataDir().map(d -> "Data dir: " + d + " (kept across %redis stop / start).")
            .orElse("Nothing is saved to disk; %redis stop removes its temp files."));
        out.println("From Java cells: redis.jedis(), redis.cache(\"name\").getOrCompute(key, ttl, () -> answer)."
            + lab.logFile().map(f -> " Server log: " + f).orElse(""));
    }

    private void connect(List<String> rest, PrintStream out) {
        if (rest.size() != 1) {
            throw new MagicException("redis connect: give one URL, e.g. %redis connect redis://127.0.0.1:6379/0");
        }
        RedisLab lab = session.connect(rest.get(0));
        String version;
        try {
            version = lab.status().redisVersion();
        } catch (RedisLabException e) {
            version = "?";
        }
        out.println("Connected to " + lab.url() + " (Redis " + version + ").");
    }

    private void status(MagicContext ctx) {
        RedisLab lab = session.lab();
        RedisStatus status;
        try {
            status = lab.status();
        } catch (RedisLabException e) {
            throw session.failure(lab, e);
        }
        ctx.display(TableDisplay.of(status.toTable()));
    }

    private static void noMoreArgs(List<String> args, String sub) {
        if (args.size() > 1) {
            throw new MagicException("redis " + sub + " takes no arguments, got '" + args.get(1) + "'. See %redis --help");
        }
    }
}
