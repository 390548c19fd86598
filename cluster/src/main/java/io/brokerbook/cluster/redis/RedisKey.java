package io.brokerbook.cluster.redis;

/**
 * One key as {@code %redis-keys} shows it (columns KEY, TYPE, TTL, VALUE).
 *
 * @param key   the key
 * @param type  what {@code TYPE} says: string, list, hash, set, zset, stream
 * @param ttl   seconds left, as {@code TTL} says it: -1 when the key has no expiry
 * @param value a short preview of the value, quoted like redis-cli ({@code "hola"}, {@code [a, b, …] (7 items)})
 */
public record RedisKey(String key, String type, long ttl, String value) {
    /** True if the key expires on its own. */
    public boolean expires() {
        return ttl >= 0;
    }
}
