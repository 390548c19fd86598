package io.brokerbook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Splits a cell into Java chunks and magics. {@code %%name args} on the first line makes the
 * whole cell a cell magic; otherwise a line starting with {@code %name} is a line magic wherever
 * the Java before it is complete, so magics may sit between Java statements.
 */
public final class CellParser {
    public sealed interface Segment permits JavaCode, LineMagicCall, CellMagicCall {
        /** 1-based line of the cell where the segment starts. */
        int line();
    }

    public record JavaCode(String code, int line) implements Segment { }

    public record LineMagicCall(String name, String args, int line) implements Segment { }

    public record CellMagicCall(String name, String args, String body, int line) implements Segment { }

    private CellParser() {
    }

    public static List<Segment> parse(String cell, Predicate<String> javaEndsCleanly) {
        List<Segment> segments = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String head = lines[first].stripLeading().substring(2);
            String[] nameArgs = splitName(head);
            StringBuilder body = new StringBuilder();
            for (int i = first + 1; i < lines.length; i++) {
                body.append(lines[i]);
                if (i < lines.length - 1) {
                    body.append('\n');
                }
            }
            segments.add(new CellMagicCall(nameArgs[0], nameArgs[1], body.toString(), first + 1));
            return segments;
        }
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].stripLeading();
            if (isMagicLine(stripped) && (java.toString().isBlank() || javaEndsCleanly.test(java.toString()))) {
                if (!java.toString().isBlank()) {
                    segments.add(new JavaCode(java.toString(), javaStart));
                }
                java.setLength(0);
                String[] nameArgs = splitName(stripped.substring(1));
                segments.add(new LineMagicCall(nameArgs[0], nameArgs[1], i + 1));
                javaStart = i + 2;
                continue;
            }
            if (java.length() == 0) {
                javaStart = i + 1;
            }
            java.append(lines[i]).append('\n');
        }
        if (!java.toString().isBlank()) {
            segments.add(new JavaCode(java.toString(), javaStart));
        }
        return segments;
    }

    private static boolean isMagicLine(String stripped) {
        return stripped.length() > 1 && stripped.charAt(0) == '%' && Character.isLetter(stripped.charAt(1));
    }

    /** "name rest of line" → {name, rest}. */
    static String[] splitName(String head) {
        int i = 0;
        while (i < head.length() && !Character.isWhitespace(head.charAt(i))) {
            i++;
        }
        return new String[] {head.substring(0, i), head.substring(i).strip()};
    }
}
