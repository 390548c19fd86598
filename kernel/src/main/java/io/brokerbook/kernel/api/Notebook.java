package io.brokerbook.kernel.api;

import io.brokerbook.kernel.output.CellOutput;
import io.brokerbook.magics.display.DisplayData;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code display(…)} of Java cells (a top-level method that calls this): shows a value once, in the cell of the
 * calling thread, and returns the handle that replaces it in place. {@code html(…)} and friends make
 * {@link DisplayValue}s, which are shown only when displayed or returned.
 */
public final class Notebook {
    private final Renderers renderers;
    private final Supplier<CellOutput> target;

    public Notebook(Renderers renderers, Supplier<CellOutput> target) {
        this.renderers = renderers;
        this.target = target;
    }

    public DisplayRef display(Object value) {
        return show(renderers.render(value));
    }

    public DisplayRef display(Object value, String mimeType) {
        return show(renderers.render(value, mimeType));
    }

    private DisplayRef show(DisplayData data) {
        String id = UUID.randomUUID().toString();
        CellOutput out = target.get();
        if (out != null) {
            out.display(data, id);
        }
        return new DisplayRef(id, (displayId, value) -> {
            CellOutput now = target.get();
            if (now != null) {
                now.updateDisplay(renderers.render(value), displayId);
            }
        });
    }
}
