package io.brokerbook.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply from Redis with its RESP type kept, so it can be printed the way {@code redis-cli}
 * prints it ({@code OK} for a status, {@code "OK"} for a bulk string, {@code (nil)}, …).
 * RESP2 types plus the RESP3 ones a user can switch to with {@code HELLO 3}.
 */
public sealed interface RedisReply {
    /** {@code +OK}: a simple status line. */
    record StatusReply(String text) implements RedisReply { }

    /** {@code $n}: a binary-safe string. */
    record BulkReply(byte[] bytes) implements RedisReply {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** {@code $-1}, {@code *-1} or RESP3 {@code _}. */
    record NilReply() implements RedisReply { }

    /** {@code :n}. */
    record IntegerReply(long value) implements RedisReply { }

    /** {@code -ERR …}: Redis's own error text, prefix included. */
    record ErrorReply(String message) implements RedisReply { }

    /** {@code *n}. */
    record ArrayReply(List<RedisReply> items) implements RedisReply { }

    /** RESP3 {@code ,1.5} (kept as sent). */
    record DoubleReply(String text) implements RedisReply { }

    /** RESP3 {@code #t}. */
    record BooleanReply(boolean value) implements RedisReply { }

    /** RESP3 {@code (12345…}. */
    record BigNumberReply(String text) implements RedisReply { }

    /** RESP3 {@code =n txt:…}: text with a format tag. */
    record VerbatimReply(String format, String text) implements RedisReply { }

    /** RESP3 {@code %n}: key/value pairs flattened as k1, v1, k2, v2, …. */
    record MapReply(List<RedisReply> keysAndValues) implements RedisReply { }

    /** RESP3 {@code ~n}. */
    record SetReply(List<RedisReply> items) implements RedisReply { }

    /** RESP3 {@code >n}: an out-of-band push (pub/sub message, invalidation). */
    record PushReply(List<RedisReply> items) implements RedisReply { }

    RedisReply NIL = new NilReply();

    default boolean isError() {
        return this instanceof ErrorReply;
    }
}
