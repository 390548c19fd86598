package io.brokerbook.kernel.magic;

import io.brokerbook.kernel.CellError;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.CellMagic;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;

import java.util.Optional;

/**
 * A kernel magic whose argument is code ({@code %time EXPR}, {@code %%time}, {@code %load FILE}): it gets the raw
 * text, not shell-split words, and runs code as a cell would, so the value of a trailing expression can still be
 * the cell's result.
 */
public interface CodeMagic {
    /** Runs code as part of the current cell; returns the value of its trailing expression, if any. */
    @FunctionalInterface
    interface CodeRunner {
        /**
         * @param where     how errors name the code's origin ({@code cell [3]}, {@code Greeter.java})
         * @param firstLine the line of that origin where {@code code} starts (1-based)
         */
        Optional<JavaEvaluator.Value> run(String code, String where, int firstLine) throws CellError;
    }

    /** Name, usage and forms for {@code %lsmagic}, {@code %help} and completion. */
    Magic magic();

    /**
     * The registry entry of a code magic with the given forms. The cell runner, not the dispatcher, runs code
     * magics, so the entry's handlers only tell which forms exist.
     */
    static Magic entry(ArgSpec spec, boolean lineForm, boolean cellForm) {
        LineMagic line = (args, ctx) -> {
            throw new IllegalStateException("%" + spec.name() + " runs through the cell runner");
        };
        CellMagic cell = (args, body, ctx) -> {
            throw new IllegalStateException("%%" + spec.name() + " runs through the cell runner");
        };
        return Magic.of(spec, lineForm ? line : null, cellForm ? cell : null);
    }

    /**
     * {@code %name args} on line {@code line} of {@code where}; {@code body} is null for the line form, the rest of
     * the cell for {@code %%name}.
     */
    Optional<JavaEvaluator.Value> run(String args, String body, String where, int line, MagicContext ctx, CodeRunner runner)
        throws CellError;
}
