package io.brokerbook.kernel.api;

import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.Displayable;
import io.brokerbook.magics.display.RendererRegistry;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Type → MIME bundle. The most specific registered type wins (class chain first, then
 * interfaces); anything else is shown as text. Packs add theirs through {@link RendererRegistry}.
 */
public final class Renderers implements RendererRegistry {
    private final Map<Class<?>, Function<Object, DisplayData>> byType = new LinkedHashMap<>();

    public static Renderers withDefaults() {
        Renderers r = new Renderers();
        r.register(DisplayData.class, d -> d);
        r.register(Displayable.class, Displayable::toDisplayData);
        return r;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> void register(Class<T> type, Function<? super T, DisplayData> renderer) {
        byType.put(type, o -> renderer.apply((T) o));
    }

    public synchronized DisplayData render(Object value) {
        if (value == null) {
            return DisplayData.text("null");
        }
        Function<Object, DisplayData> f = find(value.getClass());
        if (f != null) {
            return f.apply(value);
        }
        return DisplayData.text(text(value));
    }

    /** Renders {@code value} as one MIME type; a String is taken as that type's content. */
    public DisplayData render(Object value, String mimeType) {
        if (value instanceof CharSequence s) {
            DisplayData d = new DisplayData().put(mimeType, s.toString());
            if (!mimeType.equals(DisplayData.TEXT)) {
                d.put(DisplayData.TEXT, "<" + mimeType + ">");
            }
            return d;
        }
        DisplayData full = render(value);
        Object content = full.data().get(mimeType);
        if (content == null) {
            throw new IllegalArgumentException("No " + mimeType + " representation for "
                + (value == null ? "null" : value.getClass().getName()) + "; available: " + full.data().keySet());
        }
        return new DisplayData().put(mimeType, content).put(DisplayData.TEXT, full.plainText());
    }

    private Function<Object, DisplayData> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Function<Object, DisplayData> f = byType.get(c);
            if (f != null) {
                return f;
            }
        }
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            Function<Object, DisplayData> f = byType.get(i);
            if (f != null) {
                return f;
            }
            todo.addAll(Arrays.asList(i.getInterfaces()));
        }
        return null;
    }

    static String text(Object value) {
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }
}
