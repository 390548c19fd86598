package io.brokerbook.magics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Declarative CLI-style argument schema for a magic, in the spirit of Kafka's own tools:
 * {@code --flag}, {@code --option VALUE} / {@code --option=VALUE}, repeatable options,
 * deprecated options accepted with a one-line note, and positional arguments.
 *
 * <pre>{@code
 * static final ArgSpec SPEC = ArgSpec.named("kafka-topics", "Create, list and describe topics.")
 *     .flag("--create", "Create a topic.")
 *     .option("--topic", "TOPIC", "The topic.")
 *     .repeatable("--config", "K=V", "A topic config override.");
 * ParsedArgs a = SPEC.parse(args);
 * }</pre>
 * Specs are immutable once built and safe to share between threads.
 */
public final class ArgSpec {
    /** How an option takes values. */
    enum Kind { FLAG, SINGLE, REPEATABLE }

    record Option(String name, Kind kind, String valueName, String help, String deprecationNote) { }

    private final String name;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<String[]> positionals = new ArrayList<>();
    private String positionalUsage = "";

    private ArgSpec(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    public static ArgSpec named(String name, String summary) {
        return new ArgSpec(name, summary);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    /** An option without a value: present or absent. */
    public ArgSpec flag(String option, String help) {
        return add(new Option(option, Kind.FLAG, null, help, null));
    }

    /** An option with one value; given twice, the last wins. */
    public ArgSpec option(String option, String valueName, String help) {
        return add(new Option(option, Kind.SINGLE, valueName, help, null));
    }

    /** An option that may be given many times, every value kept in order. */
    public ArgSpec repeatable(String option, String valueName, String help) {
        return add(new Option(option, Kind.REPEATABLE, valueName, help, null));
    }

    /**
     * An option from older tools that is still accepted; using it adds {@code note} to
     * {@link ParsedArgs#notes()}. {@code valueName} null makes it a flag.
     */
    public ArgSpec deprecated(String option, String valueName, String note) {
        Kind kind = valueName == null ? Kind.FLAG : Kind.SINGLE;
        return add(new Option(option, kind, valueName, note, note));
    }

    /** Another spelling of an option already declared (e.g. {@code -n} for {@code --count}). */
    public ArgSpec alias(String alias, String option) {
        if (!options.containsKey(option)) {
            throw new IllegalArgumentException("Alias " + alias + " for undeclared option " + option);
        }
        aliases.put(alias, option);
        return this;
    }

    /** Documents a positional argument (positionals are collected in order, unchecked in count). */
    public ArgSpec positional(String valueName, String help) {
        positionals.add(new String[] {valueName, help});
        positionalUsage = positionalUsage.isEmpty() ? valueName : positionalUsage + " " + valueName;
        return this;
    }

    private ArgSpec add(Option o) {
        if (!o.name().startsWith("-")) {
            throw new IllegalArgumentException("Options start with '-': " + o.name());
        }
        options.put(o.name(), o);
        return this;
    }

    /** Parses already tokenized arguments; bad input throws {@link MagicException} with one line. */
    public ParsedArgs parse(List<String> args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPositionals || !looksLikeOption(arg)) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            String key = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                key = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            key = aliases.getOrDefault(key, key);
            Option o = options.get(key);
            if (o == null) {
                throw unknownOption(arg.contains("=") ? key : arg);
            }
            if (o.deprecationNote() != null && !notes.contains(o.deprecationNote())) {
                notes.add(o.deprecationNote());
            }
            List<String> slot = values.computeIfAbsent(o.name(), k -> new ArrayList<>());
            if (o.kind() == Kind.FLAG) {
                if (inlineValue != null) {
                    throw new MagicException(name + ": option " + o.name() + " takes no value. See %" + name + " --help");
                }
                slot.add("true");
                continue;
            }
            String value = inlineValue;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new MagicException(name + ": option " + o.name() + " needs a value " + o.valueName()
                        + ". See %" + name + " --help");
                }
                value = args.get(++i);
            }
            if (o.kind() == Kind.SINGLE) {
                slot.clear();
            }
            slot.add(value);
        }
        return new ParsedArgs(name, values, positional, notes);
    }

    /** A lone "-" and negative numbers are values, not options. */
    private static boolean looksLikeOption(String arg) {
        return arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1));
    }

    private MagicException unknownOption(String given) {
        List<String> known = new ArrayList<>(options.keySet());
        known.addAll(aliases.keySet());
        List<String> close = Suggestions.closest(given, known, 2);
        String hint = close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?";
        return new MagicException(name + ": unknown option '" + given + "'." + hint + " See %" + name + " --help");
    }

    /** The text shown by {@code %help NAME} and {@code %NAME --help}. */
    public String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append('%').append(name);
        if (!options.isEmpty()) {
            sb.append(" [options]");
        }
        if (!positionalUsage.isEmpty()) {
            sb.append(' ').append(positionalUsage);
        }
        sb.append("\n  ").append(summary).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (String[] p : positionals) {
            rows.add(new String[] {p[0], p[1]});
        }
        for (Option o : options.values()) {
            StringBuilder left = new StringBuilder(o.name());
            aliases.forEach((alias, target) -> {
                if (target.equals(o.name())) {
                    left.append(", ").append(alias);
                }
            });
            if (o.valueName() != null) {
                left.append(' ').append(o.valueName());
            }
            String help = o.deprecationNote() != null ? "(deprecated) " + o.help() : o.help();
            if (o.kind() == Kind.REPEATABLE) {
                help += " (repeatable)";
            }
            rows.add(new String[] {left.toString(), help});
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            sb.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        return sb.toString();
    }

    /** Options this spec knows, for completion. */
    public List<String> optionNames() {
        return Collections.unmodifiableList(new ArrayList<>(options.keySet()));
    }
}
