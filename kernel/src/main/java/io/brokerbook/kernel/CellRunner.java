package io.brokerbook.kernel;

import io.brokerbook.kernel.api.DisplayRef;
import io.brokerbook.kernel.api.Renderers;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.magic.CellParser;
import io.brokerbook.kernel.magic.CellParser.CellMagicCall;
import io.brokerbook.kernel.magic.CellParser.JavaCode;
import io.brokerbook.kernel.magic.CellParser.LineMagicCall;
import io.brokerbook.kernel.magic.CellParser.Segment;
import io.brokerbook.kernel.magic.CodeMagic;
import io.brokerbook.kernel.magic.MagicDispatcher;
import io.brokerbook.magics.display.DisplayData;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the segments of one cell in order: Java through JShell, code magics ({@code %time}, {@code %load}) here,
 * other magics through the dispatcher.
 */
final class CellRunner {
    private final JavaEvaluator java;
    private final DeferredDefinitions deferred;
    private final MagicDispatcher magics;
    private final Map<String, CodeMagic> codeMagics;
    private final Renderers renderers;

    CellRunner(JavaEvaluator java, DeferredDefinitions deferred, MagicDispatcher magics, Map<String, CodeMagic> codeMagics,
               Renderers renderers) {
        this.java = java;
        this.deferred = deferred;
        this.magics = magics;
        this.codeMagics = Map.copyOf(codeMagics);
        this.renderers = renderers;
    }

    /** Runs {@code code}; the value of a trailing Java expression becomes the execute_result. */
    void run(String code, int executionCount, CellContext ctx, Runnable enterJava, Runnable leaveJava) throws CellError {
        Optional<JavaEvaluator.Value> value = runCode(code, "cell [" + executionCount + "]", 1, ctx, enterJava, leaveJava);
        if (value.isPresent() && !(value.get().object() instanceof DisplayRef)) {
            ctx.output().result(executionCount, render(value.get().object()));
        }
    }

    /** The segments of {@code code} (line {@code firstLine} of {@code where}); returns the trailing expression's value. */
    private Optional<JavaEvaluator.Value> runCode(String code, String where, int firstLine, CellContext ctx, Runnable enterJava,
                                     Runnable leaveJava) throws CellError {
        List<Segment> segments = CellParser.parse(code, java::endsCleanly);
        CodeMagic.CodeRunner nested = (inner, innerWhere, innerLine) ->
            runCode(inner, innerWhere, innerLine, ctx, enterJava, leaveJava);
        Optional<JavaEvaluator.Value> value = Optional.empty();
        for (Segment s : segments) {
            int line = firstLine + s.line() - 1;
            value = Optional.empty();
            if (s instanceof JavaCode j) {
                deferred.defineFor(j.code());
                enterJava.run();
                try {
                    value = java.eval(j.code(), where, line, notice -> ctx.err().println(notice));
                } finally {
                    leaveJava.run();
                }
            } else if (s instanceof LineMagicCall m) {
                CodeMagic code1 = codeMagics.get(m.name());
                if (code1 != null && !isHelp(m.args())) {
                    value = code1.run(m.args(), null, where, line, ctx, nested);
                } else {
                    magics.runLine(m.name(), m.args(), ctx);
                }
            } else if (s instanceof CellMagicCall m) {
                CodeMagic code1 = codeMagics.get(m.name());
                if (code1 != null && code1.magic().cell() != null && !isHelp(m.args())) {
                    value = code1.run(m.args(), m.body(), where, line, ctx, nested);
                } else {
                    magics.runCell(m.name(), m.args(), m.body(), ctx);
                }
            }
            checkInterrupted(ctx);
        }
        return value;
    }

    /** Makes the kernel's deferred definitions {@code code} mentions (a user expression, say). */
    void prepareFor(String code) {
        deferred.defineFor(code);
    }

    /** Makes every deferred definition: the kernel is idle after a cell, later cells then start without waiting. */
    /** What waits for the first cell's result: the deferred imports and JShell's completion index. */
    void afterFirstCell() {
        deferred.defineAll();
        java.allowCompletionIndex();
    }

    private static boolean isHelp(String args) {
        String a = args.strip();
        return a.equals("--help") || a.equals("-h");
    }

    /** The value's display bundle; an exception its own code throws (a toString, say) is the cell's error. */
    private DisplayData render(Object value) throws CellError {
        try {
            return renderers.render(value);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw java.userError(e);
        }
    }

    static void checkInterrupted(CellContext ctx) throws CellError {
        if (ctx.interrupted()) {
            throw interrupted();
        }
    }

    static CellError interrupted() {
        return CellError.oneLine("Interrupted", "The cell was interrupted; variables defined before it are kept.");
    }
}
