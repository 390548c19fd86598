package io.brokerbook.magics.display;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a tablesaw {@link Table} as an HTML table plus an aligned plain-text table, with the
 * CLI's column names as headers. Tables longer than the row limit show the first and last rows
 * and a count of the rows left out, so a 10 000-row table renders instantly.
 */
public final class TableDisplay {
    public static final int DEFAULT_ROW_LIMIT = 60;

    private TableDisplay() {
    }

    public static DisplayData of(Table table) {
        return of(table, DEFAULT_ROW_LIMIT);
    }

    public static DisplayData of(Table table, int rowLimit) {
        List<Integer> rows = shownRows(table.rowCount(), rowLimit);
        return DisplayData.html(html(table, rows), text(table, rows));
    }

    /** Row indexes to show; -1 marks the gap where rows are left out. */
    static List<Integer> shownRows(int rowCount, int limit) {
        List<Integer> rows = new ArrayList<>();
        if (rowCount <= limit) {
            for (int i = 0; i < rowCount; i++) {
                rows.add(i);
            }
            return rows;
        }
        int head = (limit + 1) / 2;
        int tail = limit - head;
        for (int i = 0; i < head; i++) {
            rows.add(i);
        }
        rows.add(-1);
        for (int i = rowCount - tail; i < rowCount; i++) {
            rows.add(i);
        }
        return rows;
    }

    private static String cell(Table t, int col, int row) {
        Column<?> c = t.column(col);
        if (c.isMissing(row)) {
            return "-";
        }
        return c.getString(row);
    }

    private static String html(Table t, List<Integer> rows) {
        StringBuilder sb = new StringBuilder(256 + rows.size() * t.columnCount() * 24);
        sb.append("<table class=\"brokerbook-table\">");
        if (t.name() != null && !t.name().isBlank()) {
            sb.append("<caption>").append(escape(t.name())).append("</caption>");
        }
        sb.append("<thead><tr>");
        for (String name : t.columnNames()) {
            sb.append("<th>").append(escape(name)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int r : rows) {
            sb.append("<tr>");
            if (r < 0) {
                sb.append("<td colspan=\"").append(t.columnCount()).append("\" style=\"text-align:center\">… ")
                    .append(omitted(t.rowCount(), rows)).append(" more rows …</td>");
            } else {
                for (int c = 0; c < t.columnCount(); c++) {
                    sb.append("<td>").append(escape(cell(t, c, r))).append("</td>");
                }
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (rows.contains(-1)) {
            sb.append("<p>").append(t.rowCount()).append(" rows</p>");
        }
        return sb.toString();
    }

    private static int omitted(int rowCount, List<Integer> rows) {
        return rowCount - (rows.size() - 1);
    }

    private static String text(Table t, List<Integer> rows) {
        int cols = t.columnCount();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = t.column(c).name().length();
        }
        for (int r : rows) {
            if (r >= 0) {
                for (int c = 0; c < cols; c++) {
                    width[c] = Math.max(width[c], cell(t, c, r).length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, t.columnNames(), width);
        for (int r : rows) {
            if (r < 0) {
                sb.append("... ").append(omitted(t.rowCount(), rows)).append(" more rows ...\n");
                continue;
            }
            List<String> values = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) {
                values.add(cell(t, c, r));
            }
            appendRow(sb, values, width);
        }
        if (rows.contains(-1)) {
            sb.append(t.rowCount()).append(" rows\n");
        }
        return sb.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder sb, List<String> values, int[] width) {
        for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            sb.append(v);
            if (c < values.size() - 1) {
                sb.append(" ".repeat(width[c] - v.length() + 2));
            }
        }
        sb.append('\n');
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
