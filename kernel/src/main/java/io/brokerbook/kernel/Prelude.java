package io.brokerbook.kernel;

import io.brokerbook.kernel.api.Handoff;
import io.brokerbook.kernel.api.Notebook;
import io.brokerbook.kernel.jshell.JavaEvaluator;

/** What every session starts with: common imports and the display functions. */
final class Prelude {
    private static final String IMPORTS = """
        import java.util.*;
        import java.util.function.*;
        import java.util.stream.*;
        import java.util.concurrent.*;
        import java.io.*;
        import java.math.*;
        import java.net.*;
        import java.nio.file.*;
        import java.time.*;
        import tech.tablesaw.api.*;
        import io.brokerbook.kernel.api.DisplayRef;
        import io.brokerbook.kernel.api.DisplayValue;
        """;

    private static final String DISPLAY = """
        DisplayRef display(Object value) { return $notebook.display(value); }
        DisplayRef display(Object value, String mimeType) { return $notebook.display(value, mimeType); }
        DisplayValue html(String html) { return DisplayValue.html(html); }
        DisplayValue markdown(String markdown) { return DisplayValue.markdown(markdown); }
        DisplayValue svg(String svg) { return DisplayValue.svg(svg); }
        DisplayValue latex(String latex) { return DisplayValue.latex(latex); }
        DisplayValue image(byte[] bytes) { return DisplayValue.image(bytes); }
        DisplayValue image(Path file) { return DisplayValue.image(file); }
        DisplayValue image(String path) { return DisplayValue.image(path); }
        """;

    private Prelude() {
    }

    static void load(JavaEvaluator java, Notebook notebook) {
        java.evalInternal(IMPORTS);
        java.evalInternal(binding("$notebook", Notebook.class, Handoff.put(notebook)));
        java.evalInternal(DISPLAY);
    }

    static String binding(String name, Class<?> type, String token) {
        String t = type.getCanonicalName();
        return t + " " + name + " = (" + t + ") io.brokerbook.kernel.api.Handoff.take(\"" + token + "\");";
    }
}
