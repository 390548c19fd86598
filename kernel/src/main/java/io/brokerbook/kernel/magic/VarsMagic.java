package io.brokerbook.kernel.magic;

import io.brokerbook.cluster.lab.Column;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.RecordTable;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** {@code %vars}: the variables cells declared, with their type and a short value, as a table. */
public final class VarsMagic {
    static final ArgSpec SPEC = ArgSpec.named("vars",
        "List the variables this session's cells declared: name, type and a short value.");
    private static final int SHORT = 60;

    /** One row of the table. */
    public record Var(@Column("NAME") String name, @Column("TYPE") String type, @Column("VALUE") String value) { }

    private final Supplier<List<JavaEvaluator.Variable>> variables;

    public VarsMagic(Supplier<List<JavaEvaluator.Variable>> variables) {
        this.variables = variables;
    }

    public Magic magic() {
        return Magic.of(SPEC, (args, ctx) -> {
            SPEC.parse(args);
            show(ctx);
        }, null);
    }

    private void show(MagicContext ctx) {
        List<Var> rows = variables.get().stream().map(v -> new Var(v.name(), v.type(), shortValue(v.value()))).toList();
        if (rows.isEmpty()) {
            ctx.out().println("No variables yet: declare one in a cell, e.g. int n = 42;");
            return;
        }
        ctx.display(RecordTable.of(Rows.of("Variables", rows)));
    }

    /** The value's text on one line, cut to {@value #SHORT} characters; a failing toString() is named, not thrown. */
    static String shortValue(Object value) {
        String text;
        try {
            if (value != null && value.getClass().isArray()) {
                String wrapped = Arrays.deepToString(new Object[] {value});
                text = wrapped.substring(1, wrapped.length() - 1);
            } else {
                text = String.valueOf(value);
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return "<toString() failed: " + e.getClass().getSimpleName() + ">";
        }
        String oneLine = text.replace("\r", "").replace('\n', ' ');
        return oneLine.length() <= SHORT ? oneLine : oneLine.substring(0, SHORT - 1) + "…";
    }
}
