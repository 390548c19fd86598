package io.brokerbook.kernel.magic;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Similar;
import io.brokerbook.kernel.CellError;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs {@code %name} and {@code %%name}: splits arguments, answers {@code --help}, and turns every
 * failure into one line for the user — the one place errors are mapped: a usage error
 * ({@link MagicException}) or a lab component's error ({@link LabException}) is its own message; anything
 * else becomes one line, with the stack trace in the kernel log only.
 */
public final class MagicDispatcher {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(MagicDispatcher.class);
    }

    private final MagicRegistry registry;

    public MagicDispatcher(MagicRegistry registry) {
        this.registry = registry;
    }

    public void runLine(String name, String argLine, MagicContext ctx) throws CellError {
        Magic magic = find(name, "%");
        List<String> args = split(name, argLine);
        if (isHelp(args)) {
            ctx.out().print(Usage.of(magic));
            return;
        }
        if (magic.line() == null) {
            throw CellError.oneLine("UsageError", "%%" + name + " is a cell magic: put it on the first line of a cell, "
                + "with the content below it.");
        }
        invoke(name, ctx, () -> magic.line().run(args, ctx));
    }

    public void runCell(String name, String argLine, String body, MagicContext ctx) throws CellError {
        Magic magic = find(name, "%%");
        List<String> args = split(name, argLine);
        if (isHelp(args)) {
            ctx.out().print(Usage.of(magic));
            return;
        }
        if (magic.cell() == null) {
            throw CellError.oneLine("UsageError", "%" + name + " is a line magic: write it as %" + name
                + " with its arguments on one line (%%" + name + " does not exist).");
        }
        invoke(name, ctx, () -> magic.cell().run(args, body, ctx));
    }

    private interface MagicCall {
        void run() throws Exception;
    }

    private static void invoke(String name, MagicContext ctx, MagicCall call) throws CellError {
        try {
            call.run();
        } catch (MagicException e) {
            throw CellError.oneLine("UsageError", e.getMessage());
        } catch (LabException e) {
            log().debug("%{} failed", name, e);
            throw CellError.oneLine("LabError", e.getMessage());
        } catch (Exception | LinkageError | AssertionError e) {
            if (ctx.interrupted()) {
                throw CellError.oneLine("Interrupted", "%" + name + " was interrupted.");
            }
            Throwable root = unwrap(e);
            log().warn("%{} failed", name, e);
            String msg = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("");
            throw CellError.oneLine("MagicError", "%" + name + " failed: " + msg);
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
            || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private Magic find(String name, String prefix) throws CellError {
        return registry.find(name).orElseThrow(() -> {
            List<String> close = Similar.closest(name, registry.all().stream().map(Magic::name).toList(), 3);
            String hint = close.isEmpty() ? "" : " Did you mean " + String.join(", ",
                close.stream().map(c -> prefix + c).toList()) + "?";
            return CellError.oneLine("UsageError", "Unknown magic " + prefix + name + "." + hint
                + " List them with %lsmagic.");
        });
    }

    private static List<String> split(String name, String argLine) throws CellError {
        try {
            return ArgTokenizer.split(argLine);
        } catch (MagicException e) {
            throw CellError.oneLine("UsageError", "%" + name + ": " + e.getMessage());
        }
    }

    /** {@code --help} (or {@code -h}) alone, or after subcommand words only ({@code %kafka broker --help}). */
    private static boolean isHelp(List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        String last = args.get(args.size() - 1);
        return (last.equals("--help") || last.equals("-h"))
            && args.subList(0, args.size() - 1).stream().noneMatch(a -> a.startsWith("-"));
    }
}
