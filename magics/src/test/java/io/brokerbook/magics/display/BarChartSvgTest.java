package io.brokerbook.magics.display;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarChartSvgTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void barsAreProportionalToTheirValuesAndAMissingGroupShowsItsNote() throws Exception {
        String svg = BarChartSvg.svg("Latencia <b>", "µs", List.of("p50", "p99"), List.of(
            BarChartSvg.Group.of("A", 100, 400), BarChartSvg.Group.of("B", 50, 200), BarChartSvg.Group.missing("C", "no instalado")));
        Document doc = parse(svg);
        NodeList rects = doc.getElementsByTagName("rect");
        double[] widths = new double[4];
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("class").equals("bar")) {
                widths[bars++] = Double.parseDouble(r.getAttribute("width"));
            }
        }
        assertEquals(4, bars);
        assertEquals(4.0, widths[1] / widths[0], 0.01);
        assertEquals(2.0, widths[0] / widths[2], 0.01);
        assertTrue(svg.contains(">no instalado<") && svg.contains("Latencia &lt;b&gt;"), svg);
        assertTrue(svg.contains(">400<") && svg.contains(">p99<"), svg);
    }

    @Test
    void aGroupWithTheWrongNumberOfValuesIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> BarChartSvg.svg("t", "u", List.of("a", "b"), List.of(BarChartSvg.Group.of("x", 1))));
    }

    @Test
    void labelsAreRounded() {
        assertEquals("12,346", BarChartSvg.label(12345.6));
        assertEquals("0.25", BarChartSvg.label(0.25));
        assertEquals("7", BarChartSvg.label(7));
    }
}
