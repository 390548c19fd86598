package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of {@code kafka-configs --add-config} and {@code --delete-config}: comma-separated, where square
 * brackets group a value that itself has commas ({@code k1=v1,k2=[a,b],k3=v3}), as Kafka's tool reads them.
 */
final class ConfigList {
    private ConfigList() {
    }

    /** {@code k=v} pairs of every {@code --add-config} given, in order; a pair without '=' is a one-line error. */
    static Map<String, String> pairs(List<String> values) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String value : values) {
            for (String item : split(value)) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new MagicException("kafka-configs: invalid entity config '" + item + "': every config to add must be"
                        + " key=val or key=[val1,val2].");
                }
                String v = item.substring(eq + 1).trim();
                if (v.startsWith("[") && v.endsWith("]")) {
                    v = v.substring(1, v.length() - 1);
                }
                pairs.put(item.substring(0, eq).trim(), v);
            }
        }
        return pairs;
    }

    /** Keys of every {@code --delete-config} given. */
    static List<String> keys(List<String> values) {
        List<String> keys = new ArrayList<>();
        values.forEach(v -> split(v).forEach(k -> keys.add(k.trim())));
        return keys;
    }

    /** Splits on commas outside square brackets; empty items are dropped; an unclosed bracket is an error. */
    static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : value.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth < 0) {
                    throw new MagicException("kafka-configs: unbalanced ']' in '" + value + "'.");
                }
            }
            if (c == ',' && depth == 0) {
                add(items, current);
            } else {
                current.append(c);
            }
        }
        if (depth != 0) {
            throw new MagicException("kafka-configs: unclosed '[' in '" + value + "'.");
        }
        add(items, current);
        return items;
    }

    private static void add(List<String> items, StringBuilder current) {
        String item = current.toString().trim();
        if (!item.isEmpty()) {
            items.add(item);
        }
        current.setLength(0);
    }
}
