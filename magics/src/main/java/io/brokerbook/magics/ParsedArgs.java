package io.brokerbook.magics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The result of {@link ArgSpec#parse}: typed access with one-line errors. */
public final class ParsedArgs {
    private final String magic;
    private final String command;
    private final Map<String, List<String>> values;
    private final List<String> positionals;
    private final List<String> notes;

    ParsedArgs(String magic, String command, Map<String, List<String>> values, List<String> positionals,
               List<String> notes) {
        this.magic = magic;
        this.command = command;
        this.values = values;
        this.positionals = List.copyOf(positionals);
        this.notes = List.copyOf(notes);
    }

    /** The subcommand path that was chosen ({@code "start"}, {@code "broker stop"}); empty without subcommands. */
    /** The magic's name, as its error lines start. */
    public String magic() {
        return magic;
    }

    public String command() {
        return command;
    }

    /** The same arguments under one more subcommand level. */
    ParsedArgs under(String subcommand) {
        return new ParsedArgs(magic, command.isEmpty() ? subcommand : subcommand + " " + command, values, positionals, notes);
    }

    public boolean has(String option) {
        return values.containsKey(option);
    }

    public Optional<String> value(String option) {
        List<String> v = values.get(option);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    public String value(String option, String fallback) {
        return value(option).orElse(fallback);
    }

    /** The value of a required option, or a one-line error naming it. */
    public String require(String option) {
        return value(option).orElseThrow(() ->
            new MagicException(magic + ": missing " + option + ". See %" + magic + " --help"));
    }

    public List<String> values(String option) {
        return List.copyOf(values.getOrDefault(option, List.of()));
    }

    public Optional<Integer> intValue(String option) {
        return value(option).map(v -> parseInt(option, v));
    }

    public int intValue(String option, int fallback) {
        return intValue(option).orElse(fallback);
    }

    public Optional<Long> longValue(String option) {
        return value(option).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new MagicException(magic + ": " + option + " expects a whole number, got '" + v + "'.");
            }
        });
    }

    private int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new MagicException(magic + ": " + option + " expects a whole number, got '" + v + "'.");
        }
    }

    public List<String> positionals() {
        return positionals;
    }

    public Optional<String> positional(int index) {
        return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    /** One-line notes about deprecated options that were used (show them to the user). */
    public List<String> notes() {
        return notes;
    }

    /**
     * Key=value pairs of a repeatable option (e.g. {@code --config retention.ms=1000}), in order;
     * a value without '=' is a one-line error.
     */
    public Map<String, String> keyValues(String option) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String kv : values(option)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new MagicException(magic + ": " + option + " expects KEY=VALUE, got '" + kv + "'.");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }
}
