package io.brokerbook.magics.display;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineSvgTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(Document doc, String tag, String cls) {
        List<Element> found = new ArrayList<>();
        NodeList all = doc.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                found.add(e);
            }
        }
        return found;
    }

    private static TimelineSvg.Lane lane(String name, Object... xStateValue) {
        List<TimelineSvg.Sample> samples = new ArrayList<>();
        for (int i = 0; i < xStateValue.length; i += 3) {
            samples.add(new TimelineSvg.Sample(((Number) xStateValue[i]).doubleValue(), (String) xStateValue[i + 1], (Integer) xStateValue[i + 2]));
        }
        return new TimelineSvg.Lane(name, samples);
    }

    @Test
    void equalSamplesMergeIntoSpansThatEndWhereTheNextBegins() {
        List<TimelineSvg.Span> spans = TimelineSvg.spans(lane("t-0", 0, "102", 3, 1, "102", 3, 2, "101", 2, 3, "101", 2, 4, "101", 3, 5, "101", 3));
        assertEquals(List.of(new TimelineSvg.Span(0, 2, "102", 3), new TimelineSvg.Span(2, 4, "101", 2),
            new TimelineSvg.Span(4, 5, "101", 3)), spans);
        assertEquals(List.of(), TimelineSvg.spans(lane("empty")));
        assertEquals(List.of(new TimelineSvg.Span(7, 7, "", 0)), TimelineSvg.spans(lane("one", 7, "", 0)));
    }

    @Test
    void spansEventsAndTheStepLineAreDrawnAsData() throws Exception {
        String svg = TimelineSvg.svg("ISR of <t>", "seconds", "leader ", "ISR size", 3, List.of(
            lane("t-0", 0, "102", 3, 4, "101", 2, 8, "101", 3, 10, "101", 3),
            lane("t-1", 0, "101", 3, 4, "", 0, 10, "103", 1)),
            List.of(new TimelineSvg.Event(3.5, "down", "102 down"), new TimelineSvg.Event(7.5, "up", "102 up")));
        Document doc = parse(svg);
        List<Element> lanes = withClass(doc, "g", "lane");
        assertEquals(2, lanes.size());
        assertEquals("t-0", lanes.get(0).getAttribute("data-lane"));
        List<Element> spans = withClass(doc, "g", "span");
        assertEquals(6, spans.size());
        Element moved = spans.get(1);
        assertEquals("101", moved.getAttribute("data-state"));
        assertEquals("2", moved.getAttribute("data-value"));
        assertEquals("4.0", moved.getAttribute("data-from"));
        assertEquals("8.0", moved.getAttribute("data-to"));
        assertEquals(1, withClass(doc, "g", "none").size(), "a span without a holder is marked");
        List<Element> events = withClass(doc, "g", "event");
        assertEquals(List.of("down", "up"), events.stream().map(e -> e.getAttribute("data-kind")).toList());
        assertEquals("102 down", events.get(0).getAttribute("data-label"));
        assertEquals("3.5", events.get(0).getAttribute("data-at"));
        assertTrue(svg.contains("ISR of &lt;t&gt;"), "the title is escaped");

        // the step line sits higher for a higher ISR: 3 at the top of the lane, 2 lower, and the x scale is shared
        List<Element> steps = withClass(doc, "polyline", "value");
        assertEquals(2, steps.size());
        String[] points = steps.get(0).getAttribute("points").split(" ");
        double yFull = Double.parseDouble(points[0].split(",")[1]);
        double yTwo = Double.parseDouble(points[2].split(",")[1]);
        assertTrue(yFull < yTwo, steps.get(0).getAttribute("points"));
        double eventX = Double.parseDouble(((Element) events.get(0).getElementsByTagName("line").item(0)).getAttribute("x1"));
        double spanStart = Double.parseDouble(points[2].split(",")[0]);
        assertTrue(eventX < spanStart, "the 3.5 s marker is left of the span that starts at 4 s");
    }

    @Test
    void theSameBrokerHasTheSameColourInEveryFrame() {
        String a = TimelineSvg.svg("a", "s", "leader ", "ISR", 3, List.of(lane("p", 0, "101", 3, 1, "101", 3)), List.of());
        String b = TimelineSvg.svg("b", "s", "leader ", "ISR", 3,
            List.of(lane("q", 0, "103", 3, 1, "103", 3), lane("p", 0, "101", 3, 1, "101", 3)), List.of());
        String colourA = a.replaceAll("(?s).*data-state=\"101\".*?fill=\"(#[0-9a-f]+)\".*", "$1");
        String colourB = b.replaceAll("(?s).*data-state=\"101\".*?fill=\"(#[0-9a-f]+)\".*", "$1");
        assertEquals(colourA, colourB);
        assertTrue(colourA.startsWith("#"), colourA);
    }
}
