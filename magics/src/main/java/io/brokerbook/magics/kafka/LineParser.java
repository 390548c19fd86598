package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the console producer's lines into records as Kafka's LineMessageReader does, from its {@code --property}
 * settings: {@code parse.key}, {@code key.separator} (tab), {@code parse.headers}, {@code headers.delimiter} (tab),
 * {@code headers.separator} (,), {@code headers.key.separator} (:), {@code ignore.error} (a line without the
 * separator becomes a value without key instead of an error) and {@code null.marker} (that text stands for null).
 */
final class LineParser {
    private static final Set<String> KNOWN = Set.of("parse.key", "key.separator", "parse.headers", "headers.delimiter",
        "headers.separator", "headers.key.separator", "ignore.error", "null.marker");

    private final String magic;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final String headersKeySeparator;
    private final boolean ignoreError;
    private final String nullMarker;

    LineParser(String magic, Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new MagicException(magic + ": unknown --property " + name + "; the line reader knows "
                    + String.join(", ", KNOWN.stream().sorted().toList()) + ".");
            }
        }
        this.magic = magic;
        parseKey = properties.getOrDefault("parse.key", "false").trim().equalsIgnoreCase("true");
        keySeparator = unescape(properties.getOrDefault("key.separator", "\t"));
        parseHeaders = properties.getOrDefault("parse.headers", "false").trim().equalsIgnoreCase("true");
        headersDelimiter = unescape(properties.getOrDefault("headers.delimiter", "\t"));
        headersSeparator = unescape(properties.getOrDefault("headers.separator", ","));
        headersKeySeparator = unescape(properties.getOrDefault("headers.key.separator", ":"));
        ignoreError = properties.getOrDefault("ignore.error", "false").trim().equalsIgnoreCase("true");
        nullMarker = properties.get("null.marker");
        // the same checks and messages as LineMessageReader.configure
        if (headersDelimiter.equals(headersSeparator)) {
            throw refused("headers.delimiter and headers.separator may not be equal");
        }
        if (headersDelimiter.equals(headersKeySeparator)) {
            throw refused("headers.delimiter and headers.key.separator may not be equal");
        }
        if (headersSeparator.equals(headersKeySeparator)) {
            throw refused("headers.separator and headers.key.separator may not be equal");
        }
        if (nullMarker != null) {
            for (String[] other : new String[][] {{"key.separator", keySeparator}, {"headers.delimiter", headersDelimiter},
                {"headers.separator", headersSeparator}, {"headers.key.separator", headersKeySeparator}}) {
                if (nullMarker.equals(other[1])) {
                    throw refused("null.marker and " + other[0] + " may not be equal");
                }
            }
        }
    }

    private MagicException refused(String why) {
        return new MagicException(magic + ": " + why + ".");
    }

    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n");
    }

    boolean parsesHeaders() {
        return parseHeaders;
    }

    /** The record of line {@code number} (1-based); a missing separator is one line naming the line, unless ignore.error. */
    ProducerRecord<String, String> parse(String topic, String line, int number) {
        int offset = 0;
        String headers = part(parseHeaders, line, offset, headersDelimiter, "headers delimiter", number);
        if (headers != null) {
            offset = headers.length() + headersDelimiter.length();
        }
        String key = part(parseKey, line, offset, keySeparator, "key separator", number);
        if (key != null) {
            offset += key.length() + keySeparator.length();
        }
        String value = line.substring(Math.min(offset, line.length()));
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, orNull(key), orNull(value));
        if (headers != null && !headers.equals(nullMarker)) {
            for (String header : headers.split(java.util.regex.Pattern.quote(headersSeparator), -1)) {
                int at = header.indexOf(headersKeySeparator);
                String name = at < 0 ? header : header.substring(0, at);
                String v = at < 0 ? null : orNull(header.substring(at + headersKeySeparator.length()));
                if (name.equals(nullMarker)) {
                    throw refused("header key cannot be the null.marker (line " + number + ": '" + line + "'); nothing was sent");
                }
                record.headers().add(new RecordHeader(name, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return record;
    }

    private String part(boolean enabled, String line, int from, String separator, String name, int number) {
        if (!enabled) {
            return null;
        }
        int at = line.indexOf(separator, from);
        if (at < 0) {
            if (ignoreError) {
                return null;
            }
            throw new MagicException(magic + ": no " + name + " '" + separator.replace("\t", "\\t") + "' on line " + number
                + ": '" + line + "' (nothing was sent; add it, or --property ignore.error=true).");
        }
        return line.substring(from, at);
    }

    private String orNull(String s) {
        return s != null && s.equals(nullMarker) ? null : s;
    }

    /** The lines' records, or the first line's error before anything is sent. */
    List<ProducerRecord<String, String>> parseAll(String topic, List<String> lines) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            records.add(parse(topic, lines.get(i), i + 1));
        }
        return records;
    }
}
