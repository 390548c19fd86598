package io.brokerbook.magics.redis;

import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisLabException;
import io.brokerbook.cluster.redis.RedisReply;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicCompleter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Completion values of the Redis magics from the running server: command names after {@code %redis} (the
 * server's own {@code COMMAND LIST}, next to start/status/stop/connect), and key names where the command takes a
 * key ({@code %redis GET us|}, {@code %redis DEL a b|}, as the server's {@code COMMAND INFO} says) and as the
 * pattern of {@code %redis-keys}. Keys come from a bounded SCAN, never KEYS.
 */
final class RedisCompletions implements MagicCompleter {
    private static final List<String> LAB_WORDS = List.of("start", "status", "stop", "connect");
    private static final int MAX_KEYS = 200;
    private static final int MAX_SCAN_STEPS = 5;

    private final RedisSession session;

    RedisCompletions(RedisSession session) {
        this.session = session;
    }

    static void register(KernelHost host, RedisSession session) {
        RedisCompletions completions = new RedisCompletions(session);
        host.addCompleter("redis", completions);
        host.addCompleter("redis-keys", completions);
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        if (!r.option().isEmpty() || r.word().startsWith("-")) {
            return List.of();
        }
        Optional<RedisLab> lab = session.current().filter(l -> l.crashReport().isEmpty());
        try {
            if (r.magic().equals("redis-keys")) {
                return r.positionals().isEmpty() && lab.isPresent() ? keys(lab.get(), r.word()) : List.of();
            }
            if (r.positionals().isEmpty()) {
                List<String> words = new ArrayList<>(LAB_WORDS);
                lab.ifPresent(l -> words.addAll(commands(l, r.word())));
                return words;
            }
            if (lab.isPresent() && takesKeyAt(lab.get(), r.positionals().get(0), r.positionals().size())) {
                return keys(lab.get(), r.word());
            }
        } catch (RedisLabException e) {
            return List.of();
        }
        return List.of();
    }

    /** Command names as typed: upper case unless the user types in lower case. */
    private static List<String> commands(RedisLab lab, String word) {
        if (!(lab.execute("COMMAND", "LIST") instanceof RedisReply.ArrayReply list)) {
            return List.of();
        }
        boolean lower = !word.isEmpty() && word.equals(word.toLowerCase(Locale.ROOT));
        TreeSet<String> names = new TreeSet<>();
        for (RedisReply item : list.items()) {
            if (item instanceof RedisReply.BulkReply b) {
                String name = b.text();
                names.add(lower ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT));
            }
        }
        return List.copyOf(names);
    }

    /** Whether argument {@code position} (1 = the first after the command) is a key, per COMMAND INFO. */
    private static boolean takesKeyAt(RedisLab lab, String command, int position) {
        if (!(lab.execute("COMMAND", "INFO", command) instanceof RedisReply.ArrayReply outer)
                || outer.items().isEmpty() || !(outer.items().get(0) instanceof RedisReply.ArrayReply info)
                || info.items().size() < 6) {
            return false;
        }
        long first = integer(info.items().get(3));
        long last = integer(info.items().get(4));
        long step = integer(info.items().get(5));
        if (first <= 0 || position < first || step <= 0) {
            return false;
        }
        long lastPosition = last < 0 ? Long.MAX_VALUE : last;
        return position <= lastPosition && (position - first) % step == 0;
    }

    private static long integer(RedisReply reply) {
        return reply instanceof RedisReply.IntegerReply i ? i.value() : 0;
    }

    /** Up to {@value #MAX_KEYS} keys starting with {@code prefix}, from a few SCAN steps. */
    private static List<String> keys(RedisLab lab, String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = "0";
        for (int step = 0; step < MAX_SCAN_STEPS && keys.size() < MAX_KEYS; step++) {
            RedisReply reply = lab.execute("SCAN", cursor, "MATCH", globEscape(prefix) + "*", "COUNT", "500");
            if (!(reply instanceof RedisReply.ArrayReply page) || page.items().size() != 2
                    || !(page.items().get(0) instanceof RedisReply.BulkReply next)
                    || !(page.items().get(1) instanceof RedisReply.ArrayReply found)) {
                break;
            }
            for (RedisReply k : found.items()) {
                if (k instanceof RedisReply.BulkReply b && keys.size() < MAX_KEYS) {
                    keys.add(b.text());
                }
            }
            cursor = next.text();
            if (cursor.equals("0")) {
                break;
            }
        }
        return List.copyOf(keys);
    }

    private static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
