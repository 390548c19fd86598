package io.brokerbook.magics.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The last {@code max} samples of each named series of a live chart, series in the order they first came. */
final class RecentSamples<T> {
    private final int max;
    private final Map<String, Deque<T>> series = new LinkedHashMap<>();

    RecentSamples(int max) {
        this.max = max;
    }

    /** Makes {@code name} a series (placing it) before it has a sample. */
    void declare(String name) {
        series.computeIfAbsent(name, n -> new ArrayDeque<>());
    }

    void add(String name, T sample) {
        Deque<T> samples = series.computeIfAbsent(name, n -> new ArrayDeque<>());
        samples.addLast(sample);
        if (samples.size() > max) {
            samples.removeFirst();
        }
    }

    /** Each series with a copy of its samples. */
    void forEach(BiConsumer<String, List<T>> action) {
        series.forEach((name, samples) -> action.accept(name, new ArrayList<>(samples)));
    }
}
