package io.brokerbook.kernel.magic;

import io.brokerbook.magics.ArgCompletion;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicCompleter;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completion and inspection of magic lines: magic names after {@code %}, option and subcommand names from the
 * magic's {@link io.brokerbook.magics.ArgSpec}, and values from the completer its pack registered (topic names,
 * Redis keys…); Shift+Tab on a magic shows its usage.
 */
public final class MagicCompletion {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(MagicCompletion.class);
    }

    /** Replace {@code line[start, cursor)} by one of {@code matches}. */
    public record Result(int start, List<String> matches) { }

    private final MagicRegistry magics;
    private final Map<String, MagicCompleter> completers = new ConcurrentHashMap<>();

    public MagicCompletion(MagicRegistry magics) {
        this.magics = magics;
    }

    public void addCompleter(String magicName, MagicCompleter completer) {
        completers.merge(magicName, completer, (a, b) -> r -> {
            List<String> both = new ArrayList<>(a.candidates(r));
            both.addAll(b.candidates(r));
            return both;
        });
    }

    /** Completes {@code prefix}, a magic line up to the cursor that starts with {@code %}. */
    public Result complete(String prefix) {
        boolean cellForm = prefix.startsWith("%%");
        int nameStart = cellForm ? 2 : 1;
        int space = indexOfWhitespace(prefix, nameStart);
        if (space < 0) {
            String typed = prefix.substring(nameStart);
            List<String> names = magics.all().stream()
                .filter(m -> cellForm ? m.cell() != null : m.line() != null)
                .map(Magic::name).filter(n -> n.startsWith(typed)).toList();
            return new Result(nameStart, names);
        }
        Optional<Magic> magic = magics.find(prefix.substring(nameStart, space));
        if (magic.isEmpty()) {
            return new Result(prefix.length(), List.of());
        }
        int wordStart = currentWordStart(prefix, space);
        List<String> before;
        try {
            before = ArgTokenizer.split(prefix.substring(space, wordStart));
        } catch (MagicException e) {
            return new Result(prefix.length(), List.of());
        }
        String word = prefix.substring(wordStart);
        int replaceFrom = wordStart;
        if (word.startsWith("\"") || word.startsWith("'")) {
            word = word.substring(1);
            replaceFrom++;
        }
        String inlinePrefix = "";
        int eq = word.indexOf('=');
        if (word.startsWith("--") && eq > 2) {
            before = new ArrayList<>(before);
            before.add(word.substring(0, eq));
            inlinePrefix = word.substring(0, eq + 1);
            word = word.substring(eq + 1);
        }
        CompletionRequest request = ArgCompletion.request(magic.get().name(), magic.get().spec(), before, word);
        Set<String> matches = new LinkedHashSet<>();
        for (String value : packCandidates(request)) {
            if (value.startsWith(word)) {
                matches.add(inlinePrefix + value);
            }
        }
        for (String o : ArgCompletion.candidates(magic.get().spec(), request)) {
            matches.add(inlinePrefix + o);
        }
        return new Result(replaceFrom, new ArrayList<>(matches));
    }

    private List<String> packCandidates(CompletionRequest request) {
        MagicCompleter completer = completers.get(request.magic());
        if (completer == null) {
            return List.of();
        }
        try {
            return completer.candidates(request);
        } catch (RuntimeException e) {
            log().debug("Completer of %{} failed", request.magic(), e);
            return List.of();
        }
    }

    /** The usage of the magic named on {@code line} (a line that starts with {@code %}), if there is one. */
    public Optional<String> usage(String line) {
        int nameStart = line.startsWith("%%") ? 2 : 1;
        int end = indexOfWhitespace(line, nameStart);
        String name = line.substring(nameStart, end < 0 ? line.length() : end);
        return magics.find(name).map(Usage::of);
    }

    private static int indexOfWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Where the argument the cursor is in starts: after the last whitespace outside quotes. */
    private static int currentWordStart(String prefix, int from) {
        int start = from;
        char quote = 0;
        for (int i = from; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (Character.isWhitespace(c)) {
                start = i + 1;
            }
        }
        return Math.min(start, prefix.length());
    }
}
