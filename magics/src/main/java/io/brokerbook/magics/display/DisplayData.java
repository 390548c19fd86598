package io.brokerbook.magics.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A MIME bundle: the same content in several representations ({@code text/plain} always, plus
 * {@code text/html}, {@code image/svg+xml}, …). The frontend picks the richest it can show.
 */
public final class DisplayData {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String SVG = "image/svg+xml";
    public static final String JSON = "application/json";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public static DisplayData text(String text) {
        return new DisplayData().put(TEXT, text);
    }

    public static DisplayData html(String html, String plainText) {
        return new DisplayData().put(TEXT, plainText).put(HTML, html);
    }

    public static DisplayData svg(String svg, String plainText) {
        return new DisplayData().put(TEXT, plainText).put(SVG, svg);
    }

    public static DisplayData markdown(String markdown) {
        return new DisplayData().put(TEXT, markdown).put(MARKDOWN, markdown);
    }

    public DisplayData put(String mimeType, Object content) {
        data.put(mimeType, content);
        return this;
    }

    public DisplayData putMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public String plainText() {
        Object t = data.get(TEXT);
        return t == null ? "" : t.toString();
    }
}
