package io.brokerbook.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * Completion of a magic's arguments from its {@link ArgSpec}: reads where the cursor stands (subcommand path,
 * positionals, the option awaiting a value) and offers the option and subcommand names that fit there. Values
 * (topic names, keys) come from the pack's {@link MagicCompleter}.
 */
public final class ArgCompletion {
    private ArgCompletion() {
    }

    /** Reads {@code argsBefore} against {@code spec} (null: a magic without a spec, every word a positional). */
    public static CompletionRequest request(String magic, ArgSpec spec, List<String> argsBefore, String word) {
        ArgSpec at = spec;
        List<String> path = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        String pendingOption = "";
        boolean onlyPositionals = false;
        for (String a : argsBefore) {
            if (!pendingOption.isEmpty()) {
                pendingOption = "";
            } else if (!onlyPositionals && a.equals("--")) {
                onlyPositionals = true;
            } else if (!onlyPositionals && ArgSpec.looksLikeOption(a)) {
                String option = at == null || a.contains("=") ? null : at.valueOption(a);
                if (option != null) {
                    pendingOption = option;
                }
            } else if (at != null && positionals.isEmpty() && at.subcommand(a) != null) {
                at = at.subcommand(a);
                path.add(a);
            } else {
                positionals.add(a);
            }
        }
        return new CompletionRequest(magic, argsBefore, word, String.join(" ", path), positionals, pendingOption);
    }

    /**
     * Option names (when the word starts with {@code -}, as shells complete them) and subcommand names (where one
     * is expected) that start with the word; nothing when the word is an option's value.
     */
    public static List<String> candidates(ArgSpec spec, CompletionRequest r) {
        if (spec == null || !r.option().isEmpty()) {
            return List.of();
        }
        ArgSpec at = spec;
        for (String sub : r.command().isEmpty() ? new String[0] : r.command().split(" ")) {
            at = at.subcommand(sub);
        }
        List<String> out = new ArrayList<>();
        boolean subcommandExpected = !at.subcommandNames().isEmpty() && r.positionals().isEmpty();
        if (subcommandExpected && !r.word().startsWith("-")) {
            at.subcommandNames().stream().filter(n -> n.startsWith(r.word())).forEach(out::add);
        }
        if (r.word().startsWith("-")) {
            at.optionNames().stream().filter(n -> n.startsWith(r.word()) && !n.equals(r.word())).forEach(out::add);
        }
        return out;
    }
}
