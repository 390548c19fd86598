package io.brokerbook.cluster.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.RedisInputStream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one RESP reply from jedis's input stream keeping its type. Jedis's own reader turns
 * status lines and bulk strings into the same {@code byte[]}, which loses the difference
 * redis-cli shows ({@code OK} vs {@code "OK"}).
 */
final class RespReader {
    private RespReader() {
    }

    static RedisReply read(RedisInputStream in) {
        while (true) {
            byte type = in.readByte();
            switch (type) {
                case '+':
                    return new RedisReply.StatusReply(in.readLine());
                case '-':
                    return new RedisReply.ErrorReply(in.readLine());
                case ':':
                    return new RedisReply.IntegerReply(Long.parseLong(in.readLine()));
                case '$': {
                    byte[] bytes = readBlob(in);
                    return bytes == null ? RedisReply.NIL : new RedisReply.BulkReply(bytes);
                }
                case '*': {
                    List<RedisReply> items = readItems(in, 1);
                    return items == null ? RedisReply.NIL : new RedisReply.ArrayReply(items);
                }
                case '_':
                    in.readByte(); // \r
                    in.readByte(); // \n
                    return RedisReply.NIL;
                case ',':
                    return new RedisReply.DoubleReply(in.readLine());
                case '#':
                    return new RedisReply.BooleanReply("t".equals(in.readLine()));
                case '(':
                    return new RedisReply.BigNumberReply(in.readLine());
                case '!':
                    return new RedisReply.ErrorReply(new String(readBlob(in), StandardCharsets.UTF_8));
                case '=': {
                    String s = new String(readBlob(in), StandardCharsets.UTF_8);
                    return s.length() >= 4 && s.charAt(3) == ':'
                        ? new RedisReply.VerbatimReply(s.substring(0, 3), s.substring(4))
                        : new RedisReply.VerbatimReply("txt", s);
                }
                case '%':
                    return new RedisReply.MapReply(readItems(in, 2));
                case '~':
                    return new RedisReply.SetReply(readItems(in, 1));
                case '>':
                    return new RedisReply.PushReply(readItems(in, 1));
                case '|':
                    readItems(in, 2); // attributes annotate the next reply; redis-cli does not print them
                    continue;
                default:
                    throw new JedisConnectionException("Unknown reply type byte: " + (char) type);
            }
        }
    }

    private static byte[] readBlob(RedisInputStream in) {
        int length = Integer.parseInt(in.readLine());
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(bytes, off, length - off);
            if (n < 0) {
                throw new JedisConnectionException("Unexpected end of stream.");
            }
            off += n;
        }
        in.readByte(); // \r
        in.readByte(); // \n
        return bytes;
    }

    private static List<RedisReply> readItems(RedisInputStream in, int perEntry) {
        int count = Integer.parseInt(in.readLine());
        if (count < 0) {
            return null;
        }
        List<RedisReply> items = new ArrayList<>(count * perEntry);
        for (int i = 0; i < count * perEntry; i++) {
            items.add(read(in));
        }
        return items;
    }
}
