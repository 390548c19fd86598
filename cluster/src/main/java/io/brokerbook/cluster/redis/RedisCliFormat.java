package io.brokerbook.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints replies exactly as {@code redis-cli} does on a terminal: {@code (integer) 1},
 * {@code "value"} (with redis-cli's escapes), {@code (nil)}, {@code (error) ERR …}, {@code OK},
 * numbered arrays with nested indentation and {@code (empty array)}.
 */
public final class RedisCliFormat {
    private RedisCliFormat() {
    }

    /** The reply as redis-cli prints it, without the final newline. */
    public static String format(RedisReply reply) {
        StringBuilder out = new StringBuilder();
        append(out, reply, "");
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** Mirrors cliFormatReplyTTY in redis-cli.c: each value ends with a newline. */
    private static void append(StringBuilder out, RedisReply reply, String prefix) {
        if (reply instanceof RedisReply.ErrorReply e) {
            out.append("(error) ").append(e.message()).append('\n');
        } else if (reply instanceof RedisReply.StatusReply s) {
            out.append(s.text()).append('\n');
        } else if (reply instanceof RedisReply.IntegerReply i) {
            out.append("(integer) ").append(i.value()).append('\n');
        } else if (reply instanceof RedisReply.DoubleReply d) {
            out.append("(double) ").append(d.text()).append('\n');
        } else if (reply instanceof RedisReply.BigNumberReply b) {
            out.append("(big number) ").append(b.text()).append('\n');
        } else if (reply instanceof RedisReply.BulkReply b) {
            out.append(quote(b.bytes())).append('\n');
        } else if (reply instanceof RedisReply.VerbatimReply v) {
            out.append(v.text()).append('\n');
        } else if (reply instanceof RedisReply.NilReply) {
            out.append("(nil)\n");
        } else if (reply instanceof RedisReply.BooleanReply b) {
            out.append(b.value() ? "(true)" : "(false)").append('\n');
        } else if (reply instanceof RedisReply.ArrayReply a) {
            appendAggregate(out, a.items(), prefix, ')', "(empty array)", false);
        } else if (reply instanceof RedisReply.SetReply s) {
            appendAggregate(out, s.items(), prefix, '~', "(empty set)", false);
        } else if (reply instanceof RedisReply.MapReply m) {
            appendAggregate(out, m.keysAndValues(), prefix, '#', "(empty hash)", true);
        } else if (reply instanceof RedisReply.PushReply p) {
            appendAggregate(out, p.items(), prefix, ')', "(empty push)", false);
        }
    }

    private static void appendAggregate(StringBuilder out, List<RedisReply> items, String prefix, char separator,
                                        String empty, boolean pairs) {
        if (items.isEmpty()) {
            out.append(empty).append('\n');
            return;
        }
        int entries = pairs ? items.size() / 2 : items.size();
        int indexWidth = Integer.toString(entries).length();
        String childPrefix = prefix + " ".repeat(indexWidth + 2);
        int step = pairs ? 2 : 1;
        for (int i = 0; i < items.size(); i += step) {
            // The first entry's indentation was already written by the parent's index.
            out.append(i == 0 ? "" : prefix);
            String index = Integer.toString(i / step + 1);
            out.append(" ".repeat(indexWidth - index.length())).append(index).append(separator).append(' ');
            append(out, items.get(i), childPrefix);
            if (pairs) {
                out.setLength(out.length() - 1);
                out.append(" => ");
                append(out, items.get(i + 1), childPrefix);
            }
        }
    }

    /** redis-cli's sdscatrepr: double quotes, C escapes, {@code \xHH} for bytes that are not printable ASCII. */
    public static String quote(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 2);
        sb.append('"');
        for (byte raw : bytes) {
            int c = raw & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String quote(String text) {
        return quote(text.getBytes(StandardCharsets.UTF_8));
    }
}
