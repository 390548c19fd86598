package io.brokerbook.magics.redis;

import io.brokerbook.cluster.redis.RedisKeyScan;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;

/** {@code %redis-keys [PATTERN]}: a table KEY, TYPE, TTL, VALUE built with SCAN (never KEYS). */
final class RedisKeysMagic {
    static final ArgSpec SPEC = ArgSpec.named("redis-keys",
            "Show keys as a table KEY, TYPE, TTL, VALUE (value previewed), using SCAN so a big database never blocks.")
        .positional("[PATTERN]", "Glob pattern as in SCAN MATCH, e.g. 'truck:*' (default: every key).")
        .option("--count", "N", "SCAN COUNT hint: keys examined per step (default " + RedisKeyScan.DEFAULT_COUNT + ").")
        .option("--limit", "N", "Show at most N keys (default " + RedisKeyScan.DEFAULT_LIMIT + ").");

    private final RedisSession session;

    RedisKeysMagic(RedisSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> args, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        p.notes().forEach(ctx.out()::println);
        if (p.positionals().size() > 1) {
            throw new MagicException("redis-keys: give at most one PATTERN (quote it if it has spaces), got "
                + p.positionals().size() + ". See %redis-keys --help");
        }
        String pattern = p.positional(0).orElse("*");
        int count = positive(p, "--count", RedisKeyScan.DEFAULT_COUNT);
        int limit = positive(p, "--limit", RedisKeyScan.DEFAULT_LIMIT);
        RedisKeyScan scan = session.use(lab -> lab.keys(pattern, count, limit));
        if (scan.keys().isEmpty()) {
            ctx.out().println("No keys match '" + pattern + "'.");
            return;
        }
        ctx.display(RecordTable.of(scan.keys()));
        if (scan.truncated()) {
            ctx.out().println("Showing the first " + limit + " keys found; more match '" + pattern
                + "'. Narrow the PATTERN or raise --limit.");
        }
    }

    private static int positive(ParsedArgs p, String option, int fallback) {
        int v = p.intValue(option, fallback);
        if (v < 1) {
            throw new MagicException("redis-keys: " + option + " must be at least 1, got " + v + ".");
        }
        return v;
    }
}
