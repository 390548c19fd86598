package io.brokerbook.kernel;

import io.brokerbook.kernel.api.Handoff;
import io.brokerbook.kernel.api.Notebook;
import io.brokerbook.kernel.jshell.JavaEvaluator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What every session starts with: common imports, the display values ({@code html(…)}, {@code image(…)}… are
 * {@link io.brokerbook.kernel.api.DisplayValue}'s factories, one static import) and {@code display(…)}. All but
 * the first import wait until code needs them, like {@code display(…)}.
 */
final class Prelude {
    /** Made while JShell starts: the compiler's first use, which warms it up before the first cell. */
    static final String FIRST_IMPORT = "import java.util.*;";

    /**
     * Made when code first mentions a name one of them imports, or right after the first cell (see
     * {@link DeferredDefinitions}): each is a compilation, tens of milliseconds while the compiler is new.
     */
    static final List<String> LATER_IMPORTS = List.of(
        "import java.util.function.*;",
        "import java.util.stream.*;",
        "import java.util.concurrent.*;",
        "import java.io.*;",
        "import java.math.*;",
        "import java.net.*;",
        "import java.nio.file.*;",
        "import java.time.*;",
        "import tech.tablesaw.api.*;",
        "import io.brokerbook.kernel.api.DisplayRef;",
        "import io.brokerbook.kernel.api.DisplayValue;",
        "import static io.brokerbook.kernel.api.DisplayValue.*;");

    private static final String DISPLAY = """
        DisplayRef display(Object value) { return $notebook.display(value); }
        DisplayRef display(Object value, String mimeType) { return $notebook.display(value, mimeType); }
        """;

    private Prelude() {
    }

    /**
     * Creates JShell and makes the first import on a thread of its own, started before anything else of the kernel:
     * the compiler's first use is the longest step between launch and the first result, so it runs while the
     * kernel sets up logging and binds its sockets.
     */
    static CompletableFuture<JavaEvaluator> startInBackground() {
        CompletableFuture<JavaEvaluator> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                JavaEvaluator java = JavaEvaluator.start();
                StartupClock.mark("JShell created");
                java.warmUp(FIRST_IMPORT);
                java.startSourceAnalysis();
                StartupClock.mark("first import made");
                started.complete(java);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "brokerbook-jshell-start");
        t.setDaemon(true);
        t.start();
        return started;
    }

    /** The source of {@code display(…)}, which needs the kernel's {@link Notebook}; it declares these names. */
    static final Set<String> DISPLAY_NAMES = Set.of("display", "$notebook");

    static String displaySource(Notebook notebook) {
        return binding("$notebook", Notebook.class, Handoff.put(notebook)) + "\n" + DISPLAY;
    }

    static String binding(String name, Class<?> type, String token) {
        String t = type.getCanonicalName();
        return t + " " + name + " = (" + t + ") io.brokerbook.kernel.api.Handoff.take(\"" + token + "\");";
    }
}
