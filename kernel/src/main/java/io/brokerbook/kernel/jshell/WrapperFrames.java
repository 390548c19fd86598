package io.brokerbook.kernel.jshell;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns frames of snippet code that ran outside JShell's evaluation (a {@code toString()} the kernel called) from
 * wrapper-class terms ({@code $JShell$39.java:5}) into the snippet terms JShell uses for its own exceptions
 * ({@code #39:1}), through JShell's public wrapper positions. Call with the compiler lock held.
 */
final class WrapperFrames {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private Map<String, Snippet> byWrapper;

    WrapperFrames(JShell shell, SourceCodeAnalysis analysis) {
        this.shell = shell;
        this.analysis = analysis;
    }

    StackTraceElement[] asSnippetFrames(StackTraceElement[] frames) {
        StackTraceElement[] out = frames.clone();
        for (int i = 0; i < out.length; i++) {
            StackTraceElement f = out[i];
            String file = f.getFileName();
            if (file != null && file.startsWith("$JShell$") && file.endsWith(".java") && f.getLineNumber() > 0) {
                Snippet s = snippets().get("REPL." + file.substring(0, file.length() - ".java".length()));
                if (s != null) {
                    out[i] = new StackTraceElement(f.getClassName(), f.getMethodName(), "#" + s.id(),
                        snippetLine(s, f.getLineNumber()));
                }
            }
        }
        return out;
    }

    private Map<String, Snippet> snippets() {
        if (byWrapper == null) {
            byWrapper = new HashMap<>();
            shell.snippets().forEach(s -> {
                if (s.kind() != Snippet.Kind.ERRONEOUS) {
                    byWrapper.put(analysis.wrapper(s).fullClassName(), s);
                }
            });
        }
        return byWrapper;
    }

    private int snippetLine(Snippet s, int wrappedLine) {
        SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(s);
        String wrapped = w.wrapped();
        int pos = 0;
        for (int line = 1; line < wrappedLine && pos >= 0; line++) {
            pos = wrapped.indexOf('\n', pos) + 1;
        }
        while (pos < wrapped.length() && Character.isWhitespace(wrapped.charAt(pos))) {
            pos++;
        }
        int sourcePos = Math.max(0, w.wrappedToSourcePosition(pos));
        String source = s.source();
        int line = 1;
        for (int i = 0; i < Math.min(sourcePos, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
