package io.brokerbook.kernel;

import io.brokerbook.kernel.api.DisplayRef;
import io.brokerbook.kernel.api.Renderers;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.magic.CellParser;
import io.brokerbook.kernel.magic.CellParser.CellMagicCall;
import io.brokerbook.kernel.magic.CellParser.JavaCode;
import io.brokerbook.kernel.magic.CellParser.LineMagicCall;
import io.brokerbook.kernel.magic.CellParser.Segment;
import io.brokerbook.kernel.magic.MagicDispatcher;
import io.brokerbook.magics.display.DisplayData;

import java.util.List;
import java.util.Optional;

/** Runs the segments of one cell in order: Java through JShell, magics through the dispatcher. */
final class CellRunner {
    private final JavaEvaluator java;
    private final MagicDispatcher magics;
    private final Renderers renderers;

    CellRunner(JavaEvaluator java, MagicDispatcher magics, Renderers renderers) {
        this.java = java;
        this.magics = magics;
        this.renderers = renderers;
    }

    /** Runs {@code code}; the value of a trailing Java expression becomes the execute_result. */
    void run(String code, int executionCount, CellContext ctx, Runnable enterJava, Runnable leaveJava) throws CellError {
        String label = "cell [" + executionCount + "]";
        List<Segment> segments = CellParser.parse(code, java::endsCleanly);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (s instanceof JavaCode j) {
                Optional<JavaEvaluator.Value> value;
                enterJava.run();
                try {
                    value = java.eval(j.code(), label, j.line(), notice -> ctx.err().println(notice));
                } finally {
                    leaveJava.run();
                }
                checkInterrupted(ctx);
                if (last && value.isPresent() && !(value.get().object() instanceof DisplayRef)) {
                    ctx.output().result(executionCount, render(value.get().object()));
                }
            } else if (s instanceof LineMagicCall m) {
                magics.runLine(m.name(), m.args(), ctx);
                checkInterrupted(ctx);
            } else if (s instanceof CellMagicCall m) {
                magics.runCell(m.name(), m.args(), m.body(), ctx);
                checkInterrupted(ctx);
            }
        }
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
