package io.brokerbook.cluster.lab;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Typed inspection results with a title: what the Java API returns and what magics render as a table. The
 * values stay typed (numbers as numbers, absent values as empty optionals) so cells can compute with them:
 * {@code kafka.group("g").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum()}.
 *
 * @param title the table's caption (e.g. {@code topics})
 * @param rows  the records, in display order
 */
public record Rows<R extends Record>(String title, List<R> rows) implements Iterable<R> {
    public Rows {
        Objects.requireNonNull(title, "title");
        rows = List.copyOf(rows);
    }

    public static <R extends Record> Rows<R> of(String title, List<R> rows) {
        return new Rows<>(title, rows);
    }

    public Stream<R> stream() {
        return rows.stream();
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public R get(int index) {
        return rows.get(index);
    }

    @Override
    public Iterator<R> iterator() {
        return rows.iterator();
    }

    @Override
    public String toString() {
        return title + " (" + rows.size() + " rows): " + rows;
    }
}
