package io.brokerbook.magics;

import java.util.List;

/**
 * What is being completed in a magic line, already read against the magic's {@link ArgSpec}.
 * In {@code %kafka-consumer-groups --describe --group bil|}: magic {@code kafka-consumer-groups}, arguments before
 * {@code [--describe, --group]}, word {@code bil}, option {@code --group}. In {@code %kafka broker stop |}: command
 * {@code broker stop}, no positionals yet, word empty. In {@code %redis GET us|}: positionals {@code [GET]}.
 *
 * @param magic       the magic's name, without {@code %}
 * @param argsBefore  the arguments before the word, split as the magic will get them
 * @param word        the part of the current argument before the cursor (empty right after a space)
 * @param command     the subcommand path chosen so far ({@code broker stop}), empty if none
 * @param positionals the positional arguments before the word (after the subcommand words), without options
 * @param option      the option whose value the word is ({@code --group}), empty if the word is not an option value
 */
public record CompletionRequest(String magic, List<String> argsBefore, String word, String command,
                                List<String> positionals, String option) {
    public CompletionRequest {
        argsBefore = List.copyOf(argsBefore);
        positionals = List.copyOf(positionals);
    }

    /** True when the word is the value of {@code option} ({@code --topic or|} or {@code --topic=or|}). */
    public boolean isValueOf(String option) {
        return this.option.equals(option);
    }
}
