package io.brokerbook.magics.display;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartSvgTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ticksAreRoundAndCoverTheMaximum() {
        assertArrayEquals(new double[] {0, 1}, LineChartSvg.ticks(0));
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, LineChartSvg.ticks(100));
        assertArrayEquals(new double[] {0, 100, 200, 300, 400}, LineChartSvg.ticks(340));
        double[] small = LineChartSvg.ticks(0.7);
        assertTrue(small[small.length - 1] >= 0.7 && small.length <= 8, java.util.Arrays.toString(small));
        for (double max : new double[] {1, 3, 7, 13, 99, 101, 1234, 98765}) {
            double[] t = LineChartSvg.ticks(max);
            assertTrue(t[t.length - 1] >= max && t.length >= 2 && t.length <= 12, max + " -> " + java.util.Arrays.toString(t));
        }
    }

    @Test
    void pointsAreScaledIntoThePlotAndTheTotalIsEmphasised() throws Exception {
        List<LineChartSvg.Point> p0 = List.of(new LineChartSvg.Point(0, 0), new LineChartSvg.Point(10, 100));
        List<LineChartSvg.Point> total = List.of(new LineChartSvg.Point(0, 0), new LineChartSvg.Point(10, 200));
        String svg = LineChartSvg.svg("Lag of <g>", "seconds", "records", List.of(
            new LineChartSvg.Series("orders-0", p0, false), new LineChartSvg.Series("total", total, true)));
        Document doc = parse(svg);
        NodeList lines = doc.getElementsByTagName("polyline");
        assertEquals(2, lines.getLength());
        String[] first = ((Element) lines.item(0)).getAttribute("points").split(" ");
        String[] second = ((Element) lines.item(1)).getAttribute("points").split(" ");
        // both start at the origin of the plot; the total ends at the top (200 = the last y tick), orders-0 half-way
        assertEquals(first[0], second[0]);
        double y0 = Double.parseDouble(first[0].split(",")[1]);
        double yHalf = Double.parseDouble(first[1].split(",")[1]);
        double yTop = Double.parseDouble(second[1].split(",")[1]);
        assertEquals((y0 + yTop) / 2, yHalf, 0.2);
        assertTrue(yTop < yHalf && yHalf < y0);
        assertEquals("2.5", ((Element) lines.item(1)).getAttribute("stroke-width"));
        assertTrue(svg.contains("Lag of &lt;g&gt;"), "the title is escaped");
        assertTrue(svg.contains("data-series=\"total\""));
    }

    @Test
    void anEmptyChartIsStillAPicture() throws Exception {
        Document doc = parse(LineChartSvg.svg("nothing yet", "s", "n", List.of(new LineChartSvg.Series("total", List.of(), true))));
        assertEquals(0, doc.getElementsByTagName("polyline").getLength());
        assertFalse(doc.getElementsByTagName("text").getLength() == 0);
    }
}
