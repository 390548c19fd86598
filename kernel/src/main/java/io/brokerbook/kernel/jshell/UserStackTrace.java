package io.brokerbook.kernel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The frames of an exception in the user's terms: the frames of cells first (innermost first, as
 * {@code at P.f (cell [4], line 1)}), then the library frames the exception was thrown in; frames of the
 * kernel and of JShell's machinery (what called the cell) are left out, library frames between two cell frames
 * are summed up in one line.
 */
final class UserStackTrace {
    private static final List<String> KERNEL_PREFIXES = List.of("jdk.internal.", "java.lang.reflect.", "jdk.jshell.",
        "io.brokerbook.kernel.", "sun.reflect.");
    private static final int LIBRARY_FRAMES = 12;

    private final Function<String, Optional<SnippetOrigin>> origins;

    /** @param origins snippet id → where its source came from */
    UserStackTrace(Function<String, Optional<SnippetOrigin>> origins) {
        this.origins = origins;
    }

    List<String> lines(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCell(frames[i])) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            libraryFrames(out, frames, frames.length, "");
            return out;
        }
        int skipped = 0;
        Set<String> skippedPackages = new LinkedHashSet<>();
        for (int i = first; i <= last; i++) {
            if (isCell(frames[i])) {
                if (skipped > 0) {
                    out.add("    ... " + skipped + (skipped == 1 ? " frame" : " frames") + " in "
                        + String.join(", ", skippedPackages));
                    skipped = 0;
                    skippedPackages.clear();
                }
                out.add("    at " + cellFrame(frames[i]));
            } else {
                skipped++;
                skippedPackages.add(packageOf(frames[i].getClassName()));
            }
        }
        if (first > 0) {
            out.add("  thrown in library code:");
            libraryFrames(out, frames, first, "  ");
        }
        return out;
    }

    private void libraryFrames(List<String> out, StackTraceElement[] frames, int upTo, String indent) {
        int shown = 0;
        for (int i = 0; i < upTo; i++) {
            if (isKernel(frames[i])) {
                continue;
            }
            if (shown++ == LIBRARY_FRAMES) {
                out.add(indent + "    ... " + (upTo - i) + " more");
                return;
            }
            out.add(indent + "    at " + frames[i]);
        }
    }

    private static boolean isCell(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private static boolean isKernel(StackTraceElement f) {
        return KERNEL_PREFIXES.stream().anyMatch(p -> f.getClassName().startsWith(p));
    }

    private String cellFrame(StackTraceElement f) {
        String where = origins.apply(f.getFileName().substring(1))
            .map(o -> o.line(f.getLineNumber()))
            .orElse("snippet " + f.getFileName());
        String what = callable(UserTerms.text(f.getClassName()), f.getMethodName());
        return what.isEmpty() ? where : what + " (" + where + ")";
    }

    /** "P.f", "f", "new P", "lambda in f", or "" for a cell's own statements. */
    static String callable(String className, String method) {
        String owner = className.isEmpty() ? "" : className + ".";
        if (method.equals("do_it$")) {
            return className.isEmpty() ? "" : owner + method;
        }
        if (method.startsWith("lambda$")) {
            String enclosing = method.substring("lambda$".length(), Math.max("lambda$".length(), method.lastIndexOf('$')));
            enclosing = enclosing.endsWith("$") ? enclosing.substring(0, enclosing.length() - 1) : enclosing;
            return enclosing.isEmpty() || enclosing.equals("do_it") ? "lambda" : "lambda in " + owner + enclosing;
        }
        if (method.equals("<init>")) {
            return "new " + className;
        }
        if (method.equals("<clinit>")) {
            return className + " static initializer";
        }
        return owner + method;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }
}
