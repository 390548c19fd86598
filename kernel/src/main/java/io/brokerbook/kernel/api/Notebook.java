package io.brokerbook.kernel.api;

import io.brokerbook.kernel.output.CellOutput;
import io.brokerbook.magics.display.DisplayData;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The display API of Java cells ({@code display}, {@code html}, {@code markdown}, {@code svg}
 * are top-level methods that call this). Output goes to the cell of the calling thread.
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

    public DisplayRef html(String html) {
        return display(html, DisplayData.HTML);
    }

    public DisplayRef markdown(String markdown) {
        return display(markdown, DisplayData.MARKDOWN);
    }

    public DisplayRef svg(String svg) {
        return display(svg, DisplayData.SVG);
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
