package io.brokerbook.cluster.redis;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import io.brokerbook.cluster.lab.Rows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of keys, one {@link RedisKey} (KEY, TYPE, TTL, VALUE) each. Keys come from SCAN (never KEYS,
 * which blocks the server on a big database); each SCAN page's TYPE, TTL and value previews are
 * fetched in two pipelined round trips.
 *
 * @param keys      sorted by key
 * @param truncated true if more keys matched than the limit allowed
 */
public record RedisKeyScan(Rows<RedisKey> keys, boolean truncated) {
    public static final int DEFAULT_COUNT = 100;
    public static final int DEFAULT_LIMIT = 1000;
    static final int PREVIEW_ITEMS = 5;
    static final int PREVIEW_BYTES = 60;

    public static RedisKeyScan scan(RedisClient jedis, String pattern, int count, int limit) {
        if (count < 1 || limit < 1) {
            throw new RedisLabException("SCAN COUNT and the row limit must be at least 1.");
        }
        ScanParams params = new ScanParams().count(count);
        if (pattern != null && !pattern.isEmpty()) {
            params.match(pattern);
        }
        Map<String, RedisKey> rows = new TreeMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        boolean truncated = false;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            cursor = page.getCursor();
            List<String> keys = new ArrayList<>();
            for (String k : page.getResult()) {
                if (!rows.containsKey(k)) { // SCAN may return a key twice
                    keys.add(k);
                }
            }
            if (rows.size() + keys.size() > limit) {
                keys = keys.subList(0, limit - rows.size());
                truncated = true;
            }
            describe(jedis, keys).forEach(r -> rows.put(r.key(), r));
            if (rows.size() >= limit && !cursor.equals(ScanParams.SCAN_POINTER_START)) {
                truncated = true;
            }
        } while (!truncated && !cursor.equals(ScanParams.SCAN_POINTER_START));
        return new RedisKeyScan(Rows.of("Keys", List.copyOf(rows.values())), truncated);
    }

    private static List<RedisKey> describe(RedisClient jedis, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Response<String>> types = new ArrayList<>();
        List<Response<Long>> ttls = new ArrayList<>();
        try (Pipeline p = jedis.pipelined()) {
            for (String k : keys) {
                types.add(p.type(k));
                ttls.add(p.ttl(k));
            }
            p.sync();
        }
        List<RedisKey> rows = new ArrayList<>();
        List<Preview> previews = new ArrayList<>();
        try (Pipeline p = jedis.pipelined()) {
            for (int i = 0; i < keys.size(); i++) {
                previews.add(Preview.request(p, keys.get(i), types.get(i).get()));
            }
            p.sync();
        }
        for (int i = 0; i < keys.size(); i++) {
            String type = types.get(i).get();
            if (!"none".equals(type)) { // deleted or expired since SCAN saw it
                rows.add(new RedisKey(keys.get(i), type, ttls.get(i).get(), previews.get(i).text()));
            }
        }
        return rows;
    }

    /** The pipelined reads that preview one key's value, by type. */
    private record Preview(String type, Response<?> head, Response<Long> size) {
        static Preview request(Pipeline p, String key, String type) {
            ScanParams few = new ScanParams().count(PREVIEW_ITEMS);
            return switch (type) {
                case "string" -> new Preview(type, p.getrange(key.getBytes(StandardCharsets.UTF_8), 0, PREVIEW_BYTES - 1), p.strlen(key));
                case "list" -> new Preview(type, p.lrange(key, 0, PREVIEW_ITEMS - 1), p.llen(key));
                case "hash" -> new Preview(type, p.hscan(key, ScanParams.SCAN_POINTER_START, few), p.hlen(key));
                case "set" -> new Preview(type, p.sscan(key, ScanParams.SCAN_POINTER_START, few), p.scard(key));
                case "zset" -> new Preview(type, p.zrangeWithScores(key, 0, PREVIEW_ITEMS - 1), p.zcard(key));
                case "stream" -> new Preview(type, null, p.xlen(key));
                default -> new Preview(type, null, null);
            };
        }

        @SuppressWarnings("unchecked")
        String text() {
            long total = size == null ? 0 : size.get();
            switch (type) {
                case "string": {
                    byte[] bytes = (byte[]) head.get();
                    return RedisCliFormat.quote(bytes) + (total > bytes.length ? " … (" + total + " bytes)" : "");
                }
                case "list":
                    return items("[", ((List<String>) head.get()).stream().map(RedisCliFormat::quote).toList(), "]", total);
                case "hash": {
                    List<Map.Entry<String, String>> entries = ((ScanResult<Map.Entry<String, String>>) head.get()).getResult();
                    return items("{", entries.stream().map(e -> RedisCliFormat.quote(e.getKey()) + ": "
                        + RedisCliFormat.quote(e.getValue())).toList(), "}", total);
                }
                case "set":
                    return items("{", ((ScanResult<String>) head.get()).getResult().stream()
                        .map(RedisCliFormat::quote).toList(), "}", total);
                case "zset":
                    return items("[", ((List<Tuple>) head.get()).stream()
                        .map(t -> RedisCliFormat.quote(t.getElement()) + ": " + formatScore(t.getScore())).toList(), "]", total);
                case "stream":
                    return "(" + total + (total == 1 ? " entry)" : " entries)");
                default:
                    return "";
            }
        }

        private static String items(String open, List<String> shown, String close, long total) {
            List<String> first = shown.size() > PREVIEW_ITEMS ? shown.subList(0, PREVIEW_ITEMS) : shown;
            String more = total > first.size() ? ", …" : "";
            return open + String.join(", ", first) + more + close + " (" + total + (total == 1 ? " item)" : " items)");
        }

        private static String formatScore(double score) {
            return score == Math.rint(score) && Math.abs(score) < 1e15 ? Long.toString((long) score) : Double.toString(score);
        }
    }
}
