package io.brokerbook.kernel.magic;

import io.brokerbook.kernel.magic.CellParser.CellMagicCall;
import io.brokerbook.kernel.magic.CellParser.JavaCode;
import io.brokerbook.kernel.magic.CellParser.LineMagicCall;
import io.brokerbook.kernel.magic.CellParser.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellParserTest {
    /** Stands in for JShell: complete when braces balance and no text block is open. */
    private static final Predicate<String> BALANCED = code -> {
        if (code.split("\"\"\"", -1).length % 2 == 0) {
            return false;
        }
        int depth = 0;
        for (char c : code.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return depth == 0;
    };
    private static final Predicate<String> NEVER_COMPLETE = code -> false;

    private static List<Segment> parse(String cell) {
        return CellParser.parse(cell, BALANCED);
    }

    /** The cell line on which {@code text} sits, as computed from the segment's start line. */
    private static int cellLineOf(JavaCode j, String text) {
        int at = j.code().indexOf(text);
        assertTrue(at >= 0, text + " not in " + j.code());
        return j.line() + (int) j.code().substring(0, at).chars().filter(c -> c == '\n').count();
    }

    @Test
    void codeWithoutMagicsIsOneUntouchedJavaSegment() {
        String cell = "String fmt = \"%s of %d\";\nint r = 17\n    % 5;\nvoid f() {\n  // %lsmagic in a comment\n}";
        List<Segment> s = parse(cell);
        assertEquals(1, s.size());
        JavaCode j = assertInstanceOf(JavaCode.class, s.get(0));
        assertEquals(1, j.line());
        assertTrue(j.code().startsWith(cell), j.code());
        assertTrue(j.code().substring(cell.length()).isBlank());
    }

    @Test
    void emptyOrBlankCellHasNoSegments() {
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("\n   \n\t\n"));
    }

    @Test
    void lineMagicWithAndWithoutArguments() {
        assertEquals(List.of(new LineMagicCall("lsmagic", "", 1)), parse("%lsmagic"));
        assertEquals(List.of(new LineMagicCall("kafka-topics", "--create --topic 'a b'", 1)),
            parse("%kafka-topics   --create --topic 'a b'   "));
        assertEquals(List.of(new LineMagicCall("help", "jars", 1)), parse("%help\tjars"));
    }

    @Test
    void indentedLineMagicAndLeadingBlankLines() {
        assertEquals(List.of(new LineMagicCall("lsmagic", "", 3)), parse("\n  \n    %lsmagic\n"));
    }

    @Test
    void carriageReturnsAreNotPartOfNameOrArguments() {
        assertEquals(List.of(new LineMagicCall("lsmagic", "", 1), new LineMagicCall("help", "jars", 2)),
            parse("%lsmagic\r\n%help jars\r\n"));
    }

    @Test
    void magicsBetweenJavaStatements() {
        List<Segment> s = parse("int a = 1;\n%lsmagic\nint b = 2;\nint c = 3;\n%help jars\nSystem.out.println(a + b);");
        assertEquals(5, s.size());
        JavaCode first = assertInstanceOf(JavaCode.class, s.get(0));
        assertEquals("int a = 1;", first.code().strip());
        assertEquals(1, first.line());
        assertEquals(new LineMagicCall("lsmagic", "", 2), s.get(1));
        JavaCode second = assertInstanceOf(JavaCode.class, s.get(2));
        assertEquals("int b = 2;\nint c = 3;", second.code().strip());
        assertEquals(3, second.line());
        assertEquals(new LineMagicCall("help", "jars", 5), s.get(3));
        JavaCode third = assertInstanceOf(JavaCode.class, s.get(4));
        assertEquals("System.out.println(a + b);", third.code().strip());
        assertEquals(6, third.line());
    }

    @Test
    void javaSegmentLinesMapBackToCellLines() {
        String cell = "\n\nint x = 1;\n%lsmagic\n\n\nint y = 2;\n\nint z = 3;";
        List<Segment> s = parse(cell);
        assertEquals(3, s.size());
        assertEquals(3, cellLineOf(assertInstanceOf(JavaCode.class, s.get(0)), "int x"));
        assertEquals(new LineMagicCall("lsmagic", "", 4), s.get(1));
        JavaCode rest = assertInstanceOf(JavaCode.class, s.get(2));
        assertEquals(7, cellLineOf(rest, "int y"));
        assertEquals(9, cellLineOf(rest, "int z"));
    }

    @Test
    void percentLineInsideUnfinishedJavaStaysJava() {
        String cell = "String s = \"\"\"\n%not a magic\n\"\"\";\nvoid g() {\n%lsmagic\n}\n%help jars";
        List<Segment> s = parse(cell);
        assertEquals(2, s.size(), s.toString());
        JavaCode j = assertInstanceOf(JavaCode.class, s.get(0));
        assertTrue(j.code().contains("\n%not a magic\n"));
        assertTrue(j.code().contains("\n%lsmagic\n}"));
        assertEquals(new LineMagicCall("help", "jars", 7), s.get(1));
    }

    @Test
    void incompleteJavaIsNeverCutForAMagic() {
        List<Segment> s = CellParser.parse("int x = 1\n%lsmagic", NEVER_COMPLETE);
        assertEquals(1, s.size());
        assertTrue(assertInstanceOf(JavaCode.class, s.get(0)).code().contains("%lsmagic"));
    }

    @Test
    void magicAfterOnlyBlankLinesDoesNotNeedCompleteJava() {
        assertEquals(List.of(new LineMagicCall("lsmagic", "", 3), new LineMagicCall("help", "", 4)),
            CellParser.parse("\n\n%lsmagic\n%help", NEVER_COMPLETE));
    }

    @Test
    void percentWithoutALetterIsNotAMagic() {
        for (String line : List.of("%", "% lsmagic", "%1", "%-x", "%%lsmagic")) {
            List<Segment> s = parse("int a = 1;\n" + line);
            assertTrue(s.stream().allMatch(JavaCode.class::isInstance), line + " → " + s);
        }
    }

    @Test
    void cellMagicTakesTheWholeCellVerbatim() {
        String cell = "%%kafka-produce --topic t  \nk1:v1\n\n  %lsmagic\n%%redis\nint x = 1;\n";
        assertEquals(List.of(new CellMagicCall("kafka-produce", "--topic t", "k1:v1\n\n  %lsmagic\n%%redis\nint x = 1;\n", 1)),
            parse(cell));
    }

    @Test
    void cellMagicAfterLeadingBlankLinesOrIndentation() {
        assertEquals(List.of(new CellMagicCall("redis", "", "PING", 3)), parse("\n   \n  %%redis\nPING"));
    }

    @Test
    void cellMagicWithoutBody() {
        assertEquals(List.of(new CellMagicCall("redis", "--port 1", "", 1)), parse("%%redis --port 1"));
        assertEquals(List.of(new CellMagicCall("redis", "", "", 1)), parse("%%redis\n"));
        assertEquals(List.of(new CellMagicCall("redis", "", "", 1)), parse("%%redis\r\n"));
    }

    @Test
    void cellMagicOnlyOnTheFirstLine() {
        for (String cell : List.of("int x = 1;\n%%redis\nPING", "// send it\n%%redis\nPING", "%lsmagic\n%%redis\nPING")) {
            List<Segment> s = parse(cell);
            assertFalse(s.stream().anyMatch(CellMagicCall.class::isInstance), cell + " → " + s);
            assertTrue(s.stream().filter(JavaCode.class::isInstance).map(j -> ((JavaCode) j).code())
                .anyMatch(code -> code.contains("%%redis\nPING")), cell + " → " + s);
        }
    }
}
