package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the console consumer shows of each record, from its {@code --property} settings as Kafka's
 * DefaultMessageFormatter reads them: only the value by default; {@code print.timestamp}, {@code print.partition},
 * {@code print.offset}, {@code print.delivery}, {@code print.epoch}, {@code print.headers}, {@code print.key} add
 * columns in that order (the value last), {@code null.literal} stands for a null key/value and
 * {@code headers.separator} joins headers. {@code key.separator} / {@code line.separator} only exist in text
 * output: when one is given the plain-text output is Kafka's own lines with them.
 */
record RecordFormat(boolean timestamp, boolean partition, boolean offset, boolean delivery, boolean epoch,
                    boolean headers, boolean key, boolean value, String keySeparator, String lineSeparator,
                    String headersSeparator, String nullLiteral, boolean textLines) {
    static final RecordFormat KAFKA_DEFAULT = new RecordFormat(false, false, false, false, false, false, false, true,
        "\t", "\n", ",", "null", false);
    private static final Set<String> KNOWN = Set.of("print.timestamp", "print.partition", "print.offset", "print.delivery",
        "print.epoch", "print.headers", "print.key", "print.value", "key.separator", "line.separator", "headers.separator",
        "null.literal");

    static RecordFormat of(String magic, Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (name.endsWith(".deserializer")) {
                throw new MagicException(magic + ": --property " + name + " is not supported: keys, values and headers"
                    + " are shown as UTF-8 text (StringDeserializer).");
            }
            if (!KNOWN.contains(name)) {
                throw new MagicException(magic + ": unknown --property " + name + "; the formatter knows "
                    + String.join(", ", KNOWN.stream().sorted().toList()) + ".");
            }
        }
        return new RecordFormat(flag(properties, "print.timestamp", false), flag(properties, "print.partition", false),
            flag(properties, "print.offset", false), flag(properties, "print.delivery", false), flag(properties, "print.epoch", false),
            flag(properties, "print.headers", false), flag(properties, "print.key", false), flag(properties, "print.value", true),
            unescape(properties.getOrDefault("key.separator", "\t")), unescape(properties.getOrDefault("line.separator", "\n")),
            unescape(properties.getOrDefault("headers.separator", ",")), properties.getOrDefault("null.literal", "null"),
            properties.containsKey("key.separator") || properties.containsKey("line.separator"));
    }

    /** As Kafka: "true" (any case) is true, anything else false. */
    private static boolean flag(Map<String, String> properties, String name, boolean fallback) {
        String v = properties.get(name);
        return v == null ? fallback : v.trim().equalsIgnoreCase("true");
    }

    /** {@code \t} and {@code \n} written in a cell are the characters, as the shell would pass them with $'\t'. */
    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n");
    }

    /** The column names shown, in Kafka's order. */
    List<String> columns() {
        List<String> names = new ArrayList<>();
        if (timestamp) {
            names.add("Timestamp");
        }
        if (partition) {
            names.add("Partition");
        }
        if (offset) {
            names.add("Offset");
        }
        if (delivery) {
            names.add("Delivery");
        }
        if (epoch) {
            names.add("Epoch");
        }
        if (headers) {
            names.add("Headers");
        }
        if (key) {
            names.add("Key");
        }
        if (value) {
            names.add("Value");
        }
        return names;
    }

    /** The cells of one record, in {@link #columns()} order, in DefaultMessageFormatter's forms. */
    List<String> cells(RecordRows.Row r) {
        List<String> cells = new ArrayList<>();
        if (timestamp) {
            cells.add(r.timestampType().equals("NoTimestampType") ? "NO_TIMESTAMP" : r.timestampType() + ":" + r.timestamp());
        }
        if (partition) {
            cells.add(Integer.toString(r.partition()));
        }
        if (offset) {
            cells.add(Long.toString(r.offset()));
        }
        if (delivery) {
            cells.add(r.deliveryCount() == null ? "NOT_PRESENT" : Integer.toString(r.deliveryCount()));
        }
        if (epoch) {
            cells.add(r.leaderEpoch() == null ? "NOT_PRESENT" : Integer.toString(r.leaderEpoch()));
        }
        if (headers) {
            cells.add(r.headers().isEmpty() ? "NO_HEADERS" : String.join(headersSeparator, r.headers().stream()
                .map(h -> h.getKey() + ":" + (h.getValue() == null ? nullLiteral : h.getValue())).toList()));
        }
        if (key) {
            cells.add(r.key() == null ? nullLiteral : r.key());
        }
        if (value) {
            cells.add(r.value() == null ? nullLiteral : r.value());
        }
        return cells;
    }

    /** Kafka's own text line: the labelled fields ("CreateTime:…", "Partition:…", "Offset:…") joined by key.separator. */
    String line(RecordRows.Row r) {
        List<String> cells = cells(r);
        List<String> fields = new ArrayList<>();
        int i = 0;
        if (timestamp) {
            fields.add(cells.get(i++));
        }
        if (partition) {
            fields.add("Partition:" + cells.get(i++));
        }
        if (offset) {
            fields.add("Offset:" + cells.get(i++));
        }
        if (delivery) {
            fields.add("Delivery:" + cells.get(i++));
        }
        if (epoch) {
            fields.add("Epoch:" + cells.get(i++));
        }
        while (i < cells.size()) {
            fields.add(cells.get(i++));
        }
        return String.join(keySeparator, fields) + lineSeparator;
    }
}
