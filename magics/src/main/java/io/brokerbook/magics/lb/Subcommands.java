package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.LbException;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.Suggestions;

import java.util.List;

/** Shared checks for magics of the form {@code %name SUBCOMMAND …}. */
final class Subcommands {
    private Subcommands() {
    }

    static String pick(String magic, ParsedArgs args, List<String> known) {
        String sub = args.positional(0).orElseThrow(() -> new MagicException(
            magic + ": expected a subcommand: " + String.join(", ", known) + ". See %" + magic + " --help"));
        if (!known.contains(sub)) {
            List<String> close = Suggestions.closest(sub, known, 2);
            throw new MagicException(magic + ": unknown subcommand '" + sub + "'."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                + " Choose one of " + String.join(", ", known) + ".");
        }
        return sub;
    }

    /** Options that only some subcommands take. */
    static void onlyWith(String magic, ParsedArgs args, String sub, String allowedSub, String... options) {
        if (sub.equals(allowedSub)) {
            return;
        }
        for (String o : options) {
            if (args.has(o)) {
                throw new MagicException(magic + ": " + o + " goes with %" + magic + " " + allowedSub + ", not " + sub + ".");
            }
        }
    }

    static void positionals(String magic, ParsedArgs args, int count, String usage) {
        if (args.positionals().size() != count) {
            throw new MagicException(magic + ": usage: %" + magic + " " + usage);
        }
    }

    /** Runs a lab call, turning its one-line errors into magic errors. */
    static <T> T lab(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (LbException e) {
            throw new MagicException(e.getMessage(), e);
        }
    }

    static void labDo(Runnable call) {
        lab(() -> {
            call.run();
            return null;
        });
    }
}
