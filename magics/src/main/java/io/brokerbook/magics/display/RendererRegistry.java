package io.brokerbook.magics.display;

import java.util.function.Function;

/**
 * How values look in the notebook. A pack registers a renderer for its own types (HTML + plain text, SVG, …);
 * when a cell's last expression, or an argument of {@code display(…)}, is of that type, the kernel shows the
 * bundle it returns. The most specific registered type wins (superclasses first, then interfaces).
 */
public interface RendererRegistry {
    <T> void register(Class<T> type, Function<? super T, DisplayData> renderer);
}
