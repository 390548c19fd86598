package io.brokerbook.kernel.api;

import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.Displayable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * What {@code html(…)}, {@code markdown(…)}, {@code svg(…)}, {@code latex(…)} and {@code image(…)} return: a value,
 * as IPython's {@code HTML(…)} is. Nothing is shown until it is a cell's last expression or passed to
 * {@code display(…)}; its {@code text/plain} (and {@link #toString()}) says what it is.
 */
public final class DisplayValue implements Displayable {
    private static final int PREVIEW = 60;

    private final String mimeType;
    private final String content;
    private final String description;

    private DisplayValue(String mimeType, String content, String description) {
        this.mimeType = mimeType;
        this.content = content;
        this.description = description;
    }

    public static DisplayValue html(String html) {
        return text("HTML", DisplayData.HTML, html);
    }

    public static DisplayValue markdown(String markdown) {
        return text("Markdown", DisplayData.MARKDOWN, markdown);
    }

    public static DisplayValue svg(String svg) {
        return text("SVG", DisplayData.SVG, svg);
    }

    /** LaTeX, e.g. {@code latex("$e^{i\\pi} + 1 = 0$")}. */
    public static DisplayValue latex(String latex) {
        return text("LaTeX", "text/latex", latex);
    }

    /** An image from its bytes: PNG, JPEG, GIF, WebP or SVG, told apart by their first bytes. */
    public static DisplayValue image(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("image(null): give the bytes or the path of a PNG, JPEG, GIF, WebP or SVG image");
        }
        ImageFormat format = ImageFormat.of(bytes).orElseThrow(() -> new IllegalArgumentException(
            "These " + bytes.length + " bytes are not a PNG, JPEG, GIF, WebP or SVG image"));
        if (format == ImageFormat.SVG) {
            String svg = new String(bytes, StandardCharsets.UTF_8);
            return new DisplayValue(DisplayData.SVG, svg, "<Image: SVG, " + size(bytes.length) + ">");
        }
        String dims = format.dimensions(bytes).map(d -> " " + d[0] + "×" + d[1]).orElse("");
        return new DisplayValue(format.mimeType(), Base64.getEncoder().encodeToString(bytes),
            "<Image: " + format.name() + dims + ", " + size(bytes.length) + ">");
    }

    /** An image file (a path relative to the notebook's directory, or absolute). */
    public static DisplayValue image(Path file) {
        try {
            return image(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No image file " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public static DisplayValue image(String path) {
        return image(Path.of(path));
    }

    private static DisplayValue text(String kind, String mimeType, String text) {
        if (text == null) {
            throw new IllegalArgumentException(kind.toLowerCase(java.util.Locale.ROOT) + "(null): give the "
                + kind + " text");
        }
        return new DisplayValue(mimeType, text, "<" + kind + ": " + preview(text) + ">");
    }

    private static String preview(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= PREVIEW ? oneLine : oneLine.substring(0, PREVIEW - 1) + "…";
    }

    private static String size(int bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    public String mimeType() {
        return mimeType;
    }

    /** The content as Jupyter carries it: text, or base64 for binary images. */
    public String content() {
        return content;
    }

    @Override
    public DisplayData toDisplayData() {
        return new DisplayData().put(mimeType, content).put(DisplayData.TEXT, description);
    }

    @Override
    public String toString() {
        return description;
    }
}
