package io.brokerbook.magics;

import io.brokerbook.cluster.lab.Similar;

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
    private final Map<String, ArgSpec> subcommands = new LinkedHashMap<>();
    private final ArgSpec parent;
    private String positionalUsage = "";
    private boolean countPositionals;
    private int optionalPositionals;
    private boolean moreArguments;
    private String[] otherwise;

    private ArgSpec(String name, String summary, ArgSpec parent) {
        this.name = name;
        this.summary = summary;
        this.parent = parent;
    }

    public static ArgSpec named(String name, String summary) {
        return new ArgSpec(name, summary, null);
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

    /**
     * Documents a positional argument. At the top level positionals are collected in order, unchecked in count;
     * inside a {@link #subcommand} each declared positional is required and no others are accepted.
     */
    public ArgSpec positional(String valueName, String help) {
        positionals.add(new String[] {valueName, help});
        positionalUsage = positionalUsage.isEmpty() ? valueName : positionalUsage + " " + valueName;
        return this;
    }

    /** A positional that may be left out (inside a subcommand: after the required ones). */
    public ArgSpec optionalPositional(String valueName, String help) {
        positional("[" + valueName + "]", help);
        optionalPositionals++;
        return this;
    }

    /** Any number of further positionals (e.g. the words of a Redis command). */
    public ArgSpec morePositionals(String valueName, String help) {
        positional(valueName + "...", help);
        moreArguments = true;
        return this;
    }

    /**
     * A subcommand ({@code %kafka start}, {@code %kafka broker stop ID}) with its own options and positionals,
     * declared in {@code body}. Options declared on this spec are accepted by every subcommand. The parsed
     * {@link ParsedArgs#command()} names the chosen path ({@code "broker stop"}); an unknown or missing
     * subcommand is a one-line error with a did-you-mean.
     */
    public ArgSpec subcommand(String subcommand, String help, java.util.function.UnaryOperator<ArgSpec> body) {
        ArgSpec sub = new ArgSpec(subcommand, help, this);
        sub.countPositionals = true;
        subcommands.put(subcommand, body.apply(sub));
        return this;
    }

    /**
     * What a first word that names no subcommand means: instead of an unknown-subcommand error, every word is
     * taken verbatim as a positional (options included) and {@link ParsedArgs#command()} is empty. For magics
     * whose other words go to the server, e.g. {@code %redis GET k} next to {@code %redis start}.
     */
    public ArgSpec otherwise(String valueName, String help) {
        otherwise = new String[] {valueName, help};
        return this;
    }

    /** A subcommand without options or positionals of its own. */
    public ArgSpec subcommand(String subcommand, String help) {
        return subcommand(subcommand, help, s -> s);
    }

    /** The names of this spec's subcommands, in declaration order (empty if it has none). */
    public List<String> subcommandNames() {
        return List.copyOf(subcommands.keySet());
    }

    /** The full magic name and subcommand path, e.g. {@code kafka broker stop}. */
    private String path() {
        return parent == null ? name : parent.path() + " " + name;
    }

    private String magicName() {
        return parent == null ? name : parent.magicName();
    }

    private Option findOption(String key) {
        for (ArgSpec s = this; s != null; s = s.parent) {
            Option o = s.options.get(s.aliases.getOrDefault(key, key));
            if (o != null) {
                return o;
            }
        }
        return null;
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
        if (!subcommands.isEmpty()) {
            return parseSubcommand(args);
        }
        ParsedArgs parsed = parseOwn(args, "");
        if (countPositionals) {
            checkPositionalCount(parsed.positionals());
        }
        return parsed;
    }

    private ParsedArgs parseSubcommand(List<String> args) {
        int at = 0;
        while (at < args.size() && looksLikeOption(args.get(at))) {
            at++; // options before the subcommand: an error below names the missing subcommand
        }
        List<String> known = subcommandNames();
        if (at >= args.size() || at > 0) {
            throw new MagicException(path() + ": expected a subcommand first: " + String.join(", ", known)
                + (otherwise == null ? "" : ", or " + otherwise[0]) + ". See %" + magicName() + " --help");
        }
        String given = args.get(0);
        ArgSpec sub = subcommands.get(given);
        if (sub == null && otherwise != null) {
            return new ParsedArgs(magicName(), "", Map.of(), args, List.of());
        }
        if (sub == null) {
            List<String> close = Similar.closest(given, known, 2);
            throw new MagicException(path() + ": unknown subcommand '" + given + "'."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                + " Choose one of " + String.join(", ", known) + ". See %" + magicName() + " --help");
        }
        ParsedArgs inner = sub.parse(args.subList(1, args.size()));
        return inner.under(given);
    }

    private void checkPositionalCount(List<String> given) {
        int required = positionals.size() - optionalPositionals - (moreArguments ? 1 : 0);
        if (given.size() < required) {
            throw new MagicException(path() + ": missing " + positionals.get(given.size())[0]
                + ". Usage: %" + path() + " " + positionalUsage);
        }
        if (!moreArguments && given.size() > positionals.size()) {
            throw new MagicException(path() + ": unexpected '" + given.get(positionals.size())
                + "'. Usage: %" + path() + (positionalUsage.isEmpty() ? "" : " " + positionalUsage));
        }
    }

    private ParsedArgs parseOwn(List<String> args, String command) {
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
            Option o = findOption(key);
            if (o == null) {
                throw unknownOption(arg.contains("=") ? key : arg);
            }
            if (o.deprecationNote() != null && !notes.contains(o.deprecationNote())) {
                notes.add(o.deprecationNote());
            }
            List<String> slot = values.computeIfAbsent(o.name(), k -> new ArrayList<>());
            if (o.kind() == Kind.FLAG) {
                if (inlineValue != null) {
                    throw new MagicException(path() + ": option " + o.name() + " takes no value. See %" + magicName() + " --help");
                }
                slot.add("true");
                continue;
            }
            String value = inlineValue;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new MagicException(path() + ": option " + o.name() + " needs a value " + o.valueName()
                        + ". See %" + magicName() + " --help");
                }
                value = args.get(++i);
            }
            if (o.kind() == Kind.SINGLE) {
                slot.clear();
            }
            slot.add(value);
        }
        return new ParsedArgs(magicName(), command, values, positional, notes);
    }

    /** A lone "-" and negative numbers are values, not options. */
    static boolean looksLikeOption(String arg) {
        return arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1));
    }

    private MagicException unknownOption(String given) {
        List<String> known = new ArrayList<>();
        for (ArgSpec s = this; s != null; s = s.parent) {
            known.addAll(s.options.keySet());
            known.addAll(s.aliases.keySet());
        }
        List<String> close = Similar.closest(given, known, 2);
        String hint = close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?";
        String elsewhere = parent == null ? "" : parent.subcommandsWith(given);
        return new MagicException(path() + ": unknown option '" + given + "'." + hint + elsewhere
            + " See %" + magicName() + " --help");
    }

    /** " It goes with %kafka start." when a sibling subcommand takes {@code option}. */
    private String subcommandsWith(String option) {
        List<String> with = subcommands.values().stream().filter(s -> s.options.containsKey(option))
            .map(ArgSpec::path).toList();
        return with.isEmpty() ? "" : " It goes with %" + String.join(" / %", with) + ".";
    }

    /** The text shown by {@code %help NAME} and {@code %NAME --help}. */
    public String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append('%').append(name);
        if (!subcommands.isEmpty()) {
            sb.append(otherwise == null ? " SUBCOMMAND" : " SUBCOMMAND|" + otherwise[0]);
        }
        if (!options.isEmpty()) {
            sb.append(" [options]");
        }
        if (!positionalUsage.isEmpty()) {
            sb.append(' ').append(positionalUsage);
        }
        sb.append("\n  ").append(summary).append('\n');
        appendOptions(sb, "  ");
        if (!subcommands.isEmpty()) {
            sb.append("Subcommands:\n");
            appendSubcommands(sb, "  ");
            if (otherwise != null) {
                sb.append("  ").append(otherwise[0]).append("\n      ").append(otherwise[1]).append('\n');
            }
        }
        return sb.toString();
    }

    private void appendSubcommands(StringBuilder sb, String indent) {
        for (ArgSpec sub : subcommands.values()) {
            sb.append(indent).append(sub.path().substring(magicName().length() + 1));
            if (!sub.subcommands.isEmpty()) {
                sb.append(" SUBCOMMAND");
            }
            if (!sub.positionalUsage.isEmpty()) {
                sb.append(' ').append(sub.positionalUsage);
            }
            if (!sub.options.isEmpty()) {
                sb.append(" [options]");
            }
            sb.append("\n").append(indent).append("    ").append(sub.summary).append('\n');
            sub.appendOptions(sb, indent + "    ");
            sub.appendSubcommands(sb, indent);
        }
    }

    private void appendOptions(StringBuilder sb, String indent) {
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
        if (parent != null) {
            rows.removeIf(r -> positionals.stream().anyMatch(p -> p[0].equals(r[0])) && r[1].isBlank());
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            sb.append(indent).append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
    }

    /** The subcommand of this spec named {@code name}, or null. */
    ArgSpec subcommand(String name) {
        return subcommands.get(name);
    }

    /**
     * The declared name of {@code option} (or of the option it is an alias of, here or in a parent spec) if it is
     * followed by a value; null for flags and unknown options.
     */
    String valueOption(String option) {
        Option o = findOption(option);
        return o == null || o.kind() == Kind.FLAG ? null : o.name();
    }

    /** Options this spec knows, for completion (with a subcommand path: that subcommand's and the shared ones). */
    public List<String> optionNames(String... subcommandPath) {
        ArgSpec s = this;
        for (String sub : subcommandPath) {
            ArgSpec next = s.subcommands.get(sub);
            if (next == null) {
                break;
            }
            s = next;
        }
        List<String> names = new ArrayList<>();
        for (ArgSpec a = s; a != null; a = a.parent) {
            names.addAll(a.options.keySet());
        }
        return Collections.unmodifiableList(names);
    }
}
