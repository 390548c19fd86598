package io.brokerbook.magics.display;

import io.brokerbook.cluster.lab.Column;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.ShownPath;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The one renderer of typed inspection results: records become table rows, record components become columns
 * (named by {@link Column} or in Kafka's UPPER-DASH style), absent values show as {@code -}. The model stays
 * typed; the table exists only for display.
 */
public final class RecordTable {
    private RecordTable() {
    }

    public static DisplayData of(Rows<?> rows) {
        return TableDisplay.of(table(rows.title(), rows.rows()));
    }

    /** The same for rows of a known record type: an empty result still shows its column headers. */
    public static <R extends Record> DisplayData of(Rows<R> rows, Class<R> type) {
        return TableDisplay.of(table(rows.title(), type, rows.rows()));
    }

    /** A tablesaw table of {@code records} (all of one record type), for display; no columns when there are no records. */
    public static Table table(String title, List<? extends Record> records) {
        if (records.isEmpty()) {
            return Table.create(title == null ? "" : title);
        }
        return table(title, records.get(0).getClass(), records);
    }

    /** A tablesaw table of {@code records} of record type {@code type}, for display. */
    public static Table table(String title, Class<? extends Record> type, List<? extends Record> records) {
        Table table = Table.create(title == null ? "" : title);
        for (RecordComponent c : type.getRecordComponents()) {
            StringColumn column = StringColumn.create(columnName(c));
            for (Record r : records) {
                String v = format(value(c, r));
                if (v == null) {
                    column.appendMissing();
                } else {
                    column.append(v);
                }
            }
            table.addColumns(column);
        }
        return table;
    }

    /** True for a non-empty list whose elements are all records of one type. */
    public static boolean isRecordList(Collection<?> values) {
        if (values.isEmpty()) {
            return false;
        }
        Class<?> type = values.iterator().next() == null ? null : values.iterator().next().getClass();
        return type != null && type.isRecord() && values.stream().allMatch(v -> v != null && v.getClass() == type);
    }

    static String columnName(RecordComponent c) {
        Column named = c.getAnnotation(Column.class);
        if (named == null) {
            named = c.getAccessor().getAnnotation(Column.class);
        }
        if (named != null) {
            return named.value();
        }
        return c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toUpperCase(Locale.ROOT);
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    /** The cell text of a value; null means absent (shown as "-"). */
    static String format(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Optional<?> o) {
            return o.map(RecordTable::format).orElse(null);
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? Long.toString(o.getAsLong()) : null;
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? Integer.toString(o.getAsInt()) : null;
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? Double.toString(o.getAsDouble()) : null;
        }
        if (v instanceof Path path) {
            return ShownPath.of(path);
        }
        if (v instanceof Collection<?> list) {
            return list.stream().map(e -> Optional.ofNullable(format(e)).orElse("-")).collect(Collectors.joining(","));
        }
        return v.toString();
    }
}
