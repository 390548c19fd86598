package io.brokerbook.kernel.jshell;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserStackTraceTest {
    private final UserStackTrace trace = new UserStackTrace(id -> Optional.ofNullable(Map.of(
        "4", new SnippetOrigin("cell [4]", 1),
        "9", new SnippetOrigin("cell [5]", 3)).get(id)));

    private static StackTraceElement frame(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    @Test
    void cellFramesComeFirstThenTheLibraryFramesWithoutTheKernels() {
        StackTraceElement[] frames = {
            frame("java.lang.NumberFormatException", "forInputString", "NumberFormatException.java", 67),
            frame("java.lang.Integer", "parseInt", "Integer.java", 668),
            frame("REPL.$JShell$12$P", "parse", "#4", 2),
            frame("java.util.stream.ReferencePipeline$3$1", "accept", "ReferencePipeline.java", 197),
            frame("java.util.stream.AbstractPipeline", "copyInto", "AbstractPipeline.java", 509),
            frame("REPL.$JShell$20", "do_it$", "#9", 2),
            frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", "DirectMethodHandleAccessor.java", 103),
            frame("java.lang.reflect.Method", "invoke", "Method.java", 580),
            frame("jdk.jshell.execution.DirectExecutionControl", "invoke", "DirectExecutionControl.java", 227),
            frame("io.brokerbook.kernel.jshell.KernelExecutionControl", "invoke", "KernelExecutionControl.java", 30),
            frame("java.lang.Thread", "run", "Thread.java", 840),
        };
        assertEquals(List.of(
            "    at P.parse (cell [4], line 2)",
            "    ... 2 frames in java.util.stream",
            "    at cell [5], line 4",
            "  thrown in library code:",
            "      at java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
            "      at java.lang.Integer.parseInt(Integer.java:668)"), trace.lines(frames));
    }

    @Test
    void withoutCellFramesTheKernelsAreStillLeftOut() {
        StackTraceElement[] frames = {
            frame("java.util.Objects", "requireNonNull", "Objects.java", 233),
            frame("io.brokerbook.kernel.CellRunner", "run", "CellRunner.java", 40),
        };
        assertEquals(List.of("    at java.util.Objects.requireNonNull(Objects.java:233)"), trace.lines(frames));
    }

    @Test
    void callablesAreNamedAsTheUserWroteThem() {
        assertEquals("", UserStackTrace.callable("", "do_it$"));
        assertEquals("boom", UserStackTrace.callable("", "boom"));
        assertEquals("P.f", UserStackTrace.callable("P", "f"));
        assertEquals("lambda", UserStackTrace.callable("", "lambda$do_it$$0"));
        assertEquals("lambda in f", UserStackTrace.callable("", "lambda$f$1"));
        assertEquals("lambda in P.g", UserStackTrace.callable("P", "lambda$g$0"));
        assertEquals("new P", UserStackTrace.callable("P", "<init>"));
    }
}
