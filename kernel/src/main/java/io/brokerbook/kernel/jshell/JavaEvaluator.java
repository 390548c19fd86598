package io.brokerbook.kernel.jshell;

import io.brokerbook.kernel.CellError;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.DeclarationSnippet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Java cells through JShell running in this JVM. A chunk of a cell is split into snippets,
 * each evaluated in order; the value of a trailing expression is returned as an object. Errors
 * come back as {@link CellError}s that point at lines of the cell, never at kernel frames.
 */
public final class JavaEvaluator implements AutoCloseable {
    /** The value of a trailing expression, if the chunk ended in one. */
    public record Value(Object object) { }

    public record Completion(int start, int end, List<String> matches) { }

    public record IsComplete(String status, String indent) { }

    /** A variable the user declared: its name, declared type and current value. */
    public record Variable(String name, String type, Object value) { }

    /** How long completion and inspection wait for a cell being compiled before answering nothing. */
    private static final long BUSY_COMPILER_WAIT_MS = 3000;

    private final ReentrantLock compilerLock = new ReentrantLock();
    /**
     * Held for a whole evaluation, while its code runs too (the compiler lock is not, so completion can work
     * meanwhile): JShell evaluates one thing at a time.
     */
    private final ReentrantLock evalLock = new ReentrantLock();
    private final JShell shell;
    /** Set while JShell is built (its file manager), unless -Dbrokerbook.scopedClasspath=false. */
    private PackageScopedClasspath scopedClasspath;
    private SourceCodeAnalysis analysis;
    private final KernelExecutionControl control;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private final Set<String> internalSnippets = ConcurrentHashMap.newKeySet();
    private final UserStackTrace stackTrace = new UserStackTrace(id -> Optional.ofNullable(origins.get(id)));

    /**
     * Cells see the kernel's jars: JShell's compiler starts from {@code java.class.path} and the class loader of
     * the cells' classes delegates to the kernel's.
     */
    private JavaEvaluator() {
        // what ends a thread a cell started is shown in the same terms as a cell's error (called once JShell runs)
        ThreadErrors threadErrors = new ThreadErrors(t -> userError(t).traceback());
        KernelExecutionControlProvider provider = new KernelExecutionControlProvider(compilerLock, threadErrors);
        // -g: local variable names, so a helpful NullPointerException names "q", not "<local1>"
        JShell.Builder builder = JShell.builder().executionEngine(provider, Map.of()).compilerOptions("-g");
        // -Dbrokerbook.scopedClasspath=false gives javac its own file manager back (to compare start-up costs)
        if (!"false".equals(System.getProperty("brokerbook.scopedClasspath"))) {
            JarPackages jarPackages = JarPackages.cachedIn(JarPackages.defaultCacheFile());
            builder.fileManager(standard -> {
                PackageScopedClasspath scoped = new PackageScopedClasspath(standard, jarPackages,
                    System.getProperty("java.class.path"));
                scopedClasspath = scoped;
                return scoped;
            });
        }
        shell = builder.build();
        control = provider.created();
    }

    public static JavaEvaluator start() {
        return new JavaEvaluator();
    }

    /**
     * JShell's source analysis, created when first needed (with the compiler lock held): creating it starts JShell's
     * indexing of the runtime image and the whole classpath (for completion), which would otherwise take a core
     * from the compiler while it warms up.
     */
    private SourceCodeAnalysis analysis() {
        if (analysis == null) {
            analysis = shell.sourceCodeAnalysis();
        }
        return analysis;
    }

    /**
     * Creates JShell's source analysis now, after the compiler's first use. Its indexing of the runtime image and
     * the classpath (for completion) waits for {@link #allowCompletionIndex()}.
     */
    public void startSourceAnalysis() {
        compilerLock.lock();
        try {
            analysis();
        } finally {
            compilerLock.unlock();
        }
    }

    /**
     * Lets JShell index the runtime image and the classpath for completion: about a second of CPU, so the kernel
     * lets it start once the first cell has its result, or when completion or inspection is first asked for.
     */
    public void allowCompletionIndex() {
        if (scopedClasspath != null) {
            scopedClasspath.allowIndexing();
        }
    }

    /**
     * Evaluates one kernel-written snippet (an import) without the source analysis: the compiler's first use, while
     * the kernel starts. A failure is a kernel bug.
     */
    public void warmUp(String snippet) {
        evalLock.lock();
        compilerLock.lock();
        try {
            evalKernelSnippet(snippet.strip());
        } finally {
            compilerLock.unlock();
            evalLock.unlock();
        }
    }

    /**
     * Evaluates kernel-written code (imports, bindings) unless a cell's evaluation is under way; true if it did.
     */
    public boolean evalInternalIfIdle(String code) {
        if (!evalLock.tryLock()) {
            return false;
        }
        try {
            evalInternal(code);
            return true;
        } finally {
            evalLock.unlock();
        }
    }

    /** Evaluates kernel-written code (imports, bindings); a failure is a kernel bug. */
    public void evalInternal(String code) {
        evalLock.lock();
        compilerLock.lock();
        try {
            String remaining = code;
            while (!remaining.isBlank()) {
                CompletionInfo info = analysis().analyzeCompletion(remaining);
                if (info.completeness() == Completeness.EMPTY) {
                    return;
                }
                boolean complete = info.completeness().isComplete() && info.source() != null;
                String source = (complete ? info.source() : remaining).stripLeading();
                remaining = complete ? info.remaining() : "";
                evalKernelSnippet(source);
            }
        } finally {
            compilerLock.unlock();
            evalLock.unlock();
        }
    }

    private void evalKernelSnippet(String source) {
        for (SnippetEvent e : shell.eval(source)) {
            internalSnippets.add(e.snippet().id());
            if (e.causeSnippet() == null && (e.status() == Snippet.Status.REJECTED || e.exception() != null)) {
                String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ENGLISH))
                    .collect(Collectors.joining("; "));
                throw new IllegalStateException("Kernel snippet failed: " + source + " — " + why, e.exception());
            }
        }
    }

    /**
     * Evaluates {@code code}, which starts at line {@code firstLine} (1-based) of cell {@code cell}.
     * Notices (e.g. a method defined before what it uses) go to {@code notices}.
     */
    public Optional<Value> eval(String code, String cell, int firstLine, Consumer<String> notices) throws CellError {
        evalLock.lock();
        compilerLock.lock();
        try {
            return evalLocked(code, cell, firstLine, notices);
        } finally {
            compilerLock.unlock();
            evalLock.unlock();
        }
    }

    private Optional<Value> evalLocked(String code, String cell, int firstLine, Consumer<String> notices)
            throws CellError {
        String remaining = code;
        int consumed = 0;
        Optional<Value> last = Optional.empty();
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis().analyzeCompletion(remaining);
            String source;
            String rest;
            if (info.completeness() == Completeness.EMPTY) {
                break;
            } else if (info.completeness().isComplete() && info.source() != null) {
                source = info.source();
                rest = info.remaining();
            } else {
                source = remaining;
                rest = "";
            }
            // A snippet that starts with a line break makes JShell re-declare unrelated variables
            // (an import "\nimport a.*;" resets every variable to null), so snippets start at code.
            source = source.stripLeading();
            int start = consumed + leadingWhitespace(remaining);
            int line = firstLine + countNewlines(code, 0, start);
            last = evalSnippet(source, new SnippetOrigin(cell, line), notices);
            // as in IPython, a trailing ';' means "run it, show no result" (e.g. System.out.printf(...);)
            if (remaining.substring(0, remaining.length() - rest.length()).strip().endsWith(";")) {
                last = Optional.empty();
            }
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    private Optional<Value> evalSnippet(String source, SnippetOrigin origin, Consumer<String> notices) throws CellError {
        Optional<Value> value = Optional.empty();
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Snippet s = e.snippet();
            origins.put(s.id(), origin);
            if (e.status() == Snippet.Status.REJECTED) {
                throw compileError(s, origin);
            }
            if (e.exception() != null) {
                throw runtimeError(e.exception());
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                notices.accept(unresolvedNotice((DeclarationSnippet) s));
            }
            if (e.status() == Snippet.Status.VALID) {
                value = valueOf(s);
            }
        }
        return value;
    }

    private Optional<Value> valueOf(Snippet s) throws CellError {
        try {
            if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                return Optional.of(new Value(read(v)));
            }
            if (s instanceof ExpressionSnippet x && x.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                Optional<VarSnippet> v = shell.variables().filter(var -> var.name().equals(x.name())).findFirst();
                if (v.isPresent()) {
                    return Optional.of(new Value(read(v.get())));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw CellError.oneLine("InternalError", "Could not read the value of the expression: " + e);
        }
        return Optional.empty();
    }

    /**
     * The variables cells declared, in declaration order: not the kernel's own ({@code kafka}, {@code $notebook}…)
     * nor JShell's {@code $1}-style temporaries. A value that cannot be read is null.
     */
    public List<Variable> variables() {
        compilerLock.lock();
        try {
            List<Variable> out = new ArrayList<>();
            shell.variables().filter(v -> !internalSnippets.contains(v.id()) && !v.name().startsWith("$"))
                .filter(v -> shell.status(v) == Snippet.Status.VALID)
                .forEach(v -> {
                    Object value;
                    try {
                        value = read(v);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        value = null;
                    }
                    out.add(new Variable(v.name(), UserTerms.text(v.typeName()), value));
                });
            return out;
        } finally {
            compilerLock.unlock();
        }
    }

    private Object read(VarSnippet v) throws ReflectiveOperationException {
        return control.readVariable(analysis().wrapper(v).fullClassName(), v.name());
    }

    private String unresolvedNotice(DeclarationSnippet s) {
        String missing = String.join(", ", shell.unresolvedDependencies(s).toList());
        String what = s instanceof MethodSnippet m ? "method " + m.name() + "()" : s.kind().name().toLowerCase(Locale.ROOT)
            + " " + s.source().strip().lines().findFirst().orElse("");
        return "created " + what + ", however, it cannot be used until " + missing + " is declared";
    }

    private CellError compileError(Snippet s, SnippetOrigin origin) {
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).toList();
        if (diags.isEmpty()) {
            diags = shell.diagnostics(s).toList();
        }
        String src = s.source();
        List<String> tb = new ArrayList<>();
        String first = diags.isEmpty() ? "could not compile this code" : summary(diags.get(0));
        for (Diag d : diags) {
            int pos = (int) Math.max(0, Math.min(d.getStartPosition() < 0 ? d.getPosition() : d.getStartPosition(), src.length()));
            int end = (int) Math.max(pos + 1, Math.min(d.getEndPosition() < 0 ? pos + 1 : d.getEndPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = src.indexOf('\n', pos);
            if (lineEnd < 0) {
                lineEnd = src.length();
            }
            // the origin is the line of the snippet's first non-blank character; src may start with blank lines
            int lead = leadingWhitespace(src);
            int line = origin.firstLine() + countNewlines(src, lead, lineStart);
            tb.add("Compile error at " + origin.cell() + ", line " + line + ": "
                + UserTerms.diagnostic(d.getMessage(Locale.ENGLISH)));
            String text = src.substring(lineStart, lineEnd);
            int caretEnd = Math.min(end, lineEnd);
            tb.add("    " + text);
            tb.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^".repeat(Math.max(1, caretEnd - pos)));
        }
        return new CellError("CompilationError", first, tb);
    }

    /** "cannot find symbol: variable foo": a diagnostic's first line plus what it is about, in user terms. */
    private static String summary(Diag d) {
        String[] lines = UserTerms.diagnostic(d.getMessage(Locale.ENGLISH)).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.startsWith("symbol:")) {
                return lines[0] + ": " + s.substring("symbol:".length()).strip();
            }
        }
        return lines[0];
    }

    private CellError runtimeError(JShellException ex) {
        List<String> tb = new ArrayList<>();
        String ename;
        String evalue;
        if (ex instanceof EvalException ee) {
            ename = UserTerms.text(ee.getExceptionClassName());
            evalue = ee.getMessage() == null ? "" : UserTerms.text(ee.getMessage());
        } else if (ex instanceof UnresolvedReferenceException ure) {
            ename = "UnresolvedReference";
            evalue = "cannot use " + ure.getSnippet().source().strip().lines().findFirst().orElse("")
                + " until " + String.join(", ", shell.unresolvedDependencies(ure.getSnippet()).toList())
                + " is declared";
        } else {
            ename = ex.getClass().getSimpleName();
            evalue = String.valueOf(ex.getMessage());
        }
        tb.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        tb.addAll(stackTrace.lines(ex.getStackTrace()));
        Throwable cause = ex.getCause();
        int depth = 0;
        while (cause instanceof EvalException ce && depth++ < 5) {
            tb.add("Caused by: " + UserTerms.text(ce.getExceptionClassName())
                + (ce.getMessage() == null ? "" : ": " + UserTerms.text(ce.getMessage())));
            tb.addAll(stackTrace.lines(ce.getStackTrace()));
            cause = ce.getCause();
        }
        return new CellError(ename, evalue, tb);
    }

    /**
     * An exception user code threw outside a snippet's evaluation (e.g. a {@code toString()} the kernel called to
     * show a value), in the same terms as one thrown while a cell ran.
     */
    public CellError userError(Throwable t) {
        List<String> tb = new ArrayList<>();
        String ename = UserTerms.text(t.getClass().getName());
        String evalue = t.getMessage() == null ? "" : UserTerms.text(t.getMessage());
        tb.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        compilerLock.lock();
        try {
            WrapperFrames frames = new WrapperFrames(shell, analysis());
            tb.addAll(stackTrace.lines(frames.asSnippetFrames(t.getStackTrace())));
            Throwable cause = t.getCause();
            for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
                tb.add("Caused by: " + UserTerms.text(cause.toString()));
                tb.addAll(stackTrace.lines(frames.asSnippetFrames(cause.getStackTrace())));
            }
        } finally {
            compilerLock.unlock();
        }
        return new CellError(ename, evalue, tb);
    }

    /** Stops running user code (infinite loops and sleeps included). */
    public void stop() {
        shell.stop();
    }

    public void addToClasspath(String path) {
        compilerLock.lock();
        try {
            shell.addToClasspath(path);
        } finally {
            compilerLock.unlock();
        }
    }

    /** Completion candidates; empty if the compiler stays busy (a cell being compiled) too long. */
    public Completion complete(String code, int cursor) {
        allowCompletionIndex();
        try {
            if (!compilerLock.tryLock(BUSY_COMPILER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return new Completion(cursor, cursor, List.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Completion(cursor, cursor, List.of());
        }
        try {
            int start = lastSnippetStart(code, cursor);
            int[] anchor = new int[1];
            List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis().completionSuggestions(code.substring(start, cursor), cursor - start, anchor);
            Set<String> matches = new LinkedHashSet<>();
            suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            return new Completion(start + anchor[0], cursor, new ArrayList<>(matches));
        } finally {
            compilerLock.unlock();
        }
    }

    /**
     * Signature and Javadoc (where the JDK ships its sources, {@code lib/src.zip}) of what is at the cursor: a type,
     * a method call being written ({@code Math.max(}), or a method name ({@code s.substring}).
     */
    public Optional<String> inspect(String code, int cursor) {
        allowCompletionIndex();
        try {
            if (!compilerLock.tryLock(BUSY_COMPILER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++; // the whole name the cursor is in
            }
            int start = lastSnippetStart(code, end);
            String snippet = code.substring(start, end);
            List<SourceCodeAnalysis.Documentation> docs = analysis().documentation(snippet, snippet.length(), true);
            if (docs.isEmpty() && end > start && Character.isJavaIdentifierPart(code.charAt(end - 1))) {
                docs = analysis().documentation(snippet + "(", snippet.length() + 1, true);
            }
            if (docs.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(docs.stream()
                .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature()
                    : d.signature() + "\n\n" + Javadoc.plainText(d.javadoc()))
                .collect(Collectors.joining("\n\n")));
        } finally {
            compilerLock.unlock();
        }
    }

    /** complete / incomplete (with an indent) / invalid, as is_complete_request wants. */
    public IsComplete completeness(String code) {
        compilerLock.lock();
        try {
            String remaining = code;
            while (!remaining.isBlank()) {
                CompletionInfo info = analysis().analyzeCompletion(remaining);
                switch (info.completeness()) {
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                        return new IsComplete("incomplete", indentFor(remaining));
                    case UNKNOWN:
                        return new IsComplete("invalid", "");
                    case EMPTY:
                        return new IsComplete("complete", "");
                    default:
                        remaining = info.remaining();
                }
            }
            return new IsComplete("complete", "");
        } finally {
            compilerLock.unlock();
        }
    }

    /** True when {@code code} ends at a snippet boundary (a magic line may follow). */
    public boolean endsCleanly(String code) {
        return completeness(code).status().equals("complete");
    }

    private static String indentFor(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ')') && depth > 0) {
                depth--;
            }
        }
        return "    ".repeat(Math.max(1, depth));
    }

    private int lastSnippetStart(String code, int cursor) {
        String prefix = code.substring(0, cursor);
        int start = 0;
        while (start < prefix.length()) {
            CompletionInfo info = analysis().analyzeCompletion(prefix.substring(start));
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                break;
            }
            int next = prefix.length() - info.remaining().length();
            if (next <= start) {
                break;
            }
            start = next;
        }
        while (start < prefix.length() && Character.isWhitespace(prefix.charAt(start))) {
            start++;
        }
        return start;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        shell.close();
    }
}
