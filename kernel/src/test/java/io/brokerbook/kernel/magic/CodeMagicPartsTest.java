package io.brokerbook.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeMagicPartsTest {
    @Test
    void durationsHaveThreeSignificantDigits() {
        assertEquals("0 ns", Durations.format(0));
        assertEquals("812 ns", Durations.format(812));
        assertEquals("4.77 µs", Durations.format(4_770));
        assertEquals("12.5 ms", Durations.format(12_500_000));
        assertEquals("2.31 s", Durations.format(2_310_000_000L));
        assertEquals("123 s", Durations.format(123_000_000_000L));
        assertEquals("30 ms", Durations.format(30_000_000));
        assertEquals("1 s", Durations.format(1_000_400_000));
    }

    @Test
    void procStatTimesAreReadAfterTheCommandName() {
        String stat = "4242 (java (kernel) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 31 0 0 20 0 40 0 1 2 3";
        ProcessCpu.Sample s = ProcessCpu.parse(stat).orElseThrow();
        assertEquals(2_500_000_000L, s.user());
        assertEquals(310_000_000L, s.system());
        assertEquals(2_810_000_000L, s.total());
        assertEquals(Optional.empty(), ProcessCpu.parse("garbage"));
        ProcessCpu.Sample later = new ProcessCpu.Sample(3_000_000_000L, 400_000_000L, 3_400_000_000L);
        assertEquals(new ProcessCpu.Sample(500_000_000L, 90_000_000L, 590_000_000L), later.minus(s));
    }

    @Test
    void theKernelsOwnCpuTimeIsReadable() {
        ProcessCpu.Sample s = ProcessCpu.now();
        assertTrue(s.total() > 0, s.toString());
    }

    @Test
    void packageDeclarationsAreBlankedKeepingLines() {
        String src = "// header\n/* license */\npackage demo.greet;\n\nimport java.util.*;\npublic class G { }\n";
        String out = JavaSource.withoutPackage(src);
        assertEquals(src.lines().count(), out.lines().count());
        assertEquals(" ".repeat("package demo.greet;".length()), out.lines().toList().get(2));
        assertTrue(out.contains("public class G { }"));
        assertEquals("packages.add(1);", JavaSource.withoutPackage("packages.add(1);"));
        assertEquals("class A { }", JavaSource.withoutPackage("class A { }"));
    }

    @Test
    void shortValuesAreOneLineAndCut() {
        assertEquals("[1, 2, 3]", VarsMagic.shortValue(new int[] {1, 2, 3}));
        assertEquals("null", VarsMagic.shortValue(null));
        assertEquals("a b", VarsMagic.shortValue("a\nb"));
        String cut = VarsMagic.shortValue("x".repeat(100));
        assertEquals(60, cut.length());
        assertTrue(cut.endsWith("…"));
        Object loud = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        assertEquals("<toString() failed: IllegalStateException>", VarsMagic.shortValue(loud));
    }
}
