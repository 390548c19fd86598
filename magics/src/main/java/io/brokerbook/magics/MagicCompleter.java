package io.brokerbook.magics;

import java.util.List;

/**
 * Completion candidates a pack knows from the running lab — topic names after {@code --topic}, Redis keys after
 * {@code %redis GET} — registered with {@link KernelHost#addCompleter}. Option names and subcommands come from
 * the magic's {@link ArgSpec} already; a completer adds values. It runs on the kernel's request thread while the
 * user types: answer quickly (a bounded call to the server, at most a second or so) and return an empty list when
 * nothing runs or nothing fits. The kernel keeps only candidates that start with {@link CompletionRequest#word()}.
 */
@FunctionalInterface
public interface MagicCompleter {
    List<String> candidates(CompletionRequest request);
}
