package io.brokerbook.kernel.magic;

import io.brokerbook.kernel.CellError;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;

import java.util.Optional;

/**
 * {@code %time CODE} and {@code %%time}: runs the code and prints the kernel's CPU time (user, system) and the wall
 * time it took, as IPython does; the value of a trailing expression is still the cell's result.
 */
public final class TimeMagic implements CodeMagic {
    static final ArgSpec SPEC = ArgSpec.named("time",
            "Run a line (%time CODE) or the rest of the cell (%%time) and print its CPU and wall time.")
        .positional("CODE", "Java or a magic. CPU time is the kernel process's, to the OS clock tick (10 ms on Linux).");

    @Override
    public Magic magic() {
        return CodeMagic.entry(SPEC, true, true);
    }

    @Override
    public Optional<JavaEvaluator.Value> run(String args, String body, String where, int line, MagicContext ctx, CodeRunner runner)
            throws CellError {
        String code = body == null ? args : body;
        int firstLine = body == null ? line : line + 1;
        if (body != null && !args.isBlank()) {
            throw CellError.oneLine("UsageError", "%%time takes no arguments on its line; the code goes below it.");
        }
        if (code.isBlank()) {
            throw CellError.oneLine("UsageError", body == null ? "%time needs code to run, e.g. %time fib(30)"
                : "%%time needs code below it.");
        }
        ProcessCpu.Sample cpuBefore = ProcessCpu.now();
        long wallBefore = System.nanoTime();
        Optional<JavaEvaluator.Value> value = runner.run(code, where, firstLine);
        long wall = System.nanoTime() - wallBefore;
        ProcessCpu.Sample cpu = ProcessCpu.now().minus(cpuBefore);
        ctx.out().println(cpu.user() < 0 ? "CPU time: total " + Durations.format(cpu.total())
            : "CPU times: user " + Durations.format(cpu.user()) + ", sys " + Durations.format(cpu.system())
                + ", total " + Durations.format(cpu.total()));
        ctx.out().println("Wall time: " + Durations.format(wall));
        return value;
    }
}
