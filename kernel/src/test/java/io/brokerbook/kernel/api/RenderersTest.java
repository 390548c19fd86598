package io.brokerbook.kernel.api;

import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.Displayable;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import io.brokerbook.cluster.lab.Column;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.display.StandardRenderers;
import java.util.List;
import java.util.OptionalLong;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    interface Named { }

    interface Pet extends Named { }

    static class Animal { }

    static class Dog extends Animal implements Pet { }

    static class Puppy extends Dog { }

    static class Cat implements Pet { }

    record Point(int x, int y) { }

    private static String plain(DisplayData d) {
        return d.plainText();
    }

    @Test
    void nullIsShownAsText() {
        assertEquals(Map.of(DisplayData.TEXT, "null"), new Renderers().render(null).data());
    }

    @Test
    void unregisteredTypesAreShownWithToString() {
        Renderers r = Renderers.withDefaults();
        assertEquals(Map.of(DisplayData.TEXT, "Point[x=1, y=2]"), r.render(new Point(1, 2)).data());
        assertEquals("héllo", plain(r.render("héllo")));
        assertEquals("42", plain(r.render(42)));
    }

    @Test
    void arraysAreShownByContent() {
        Renderers r = Renderers.withDefaults();
        assertEquals("[1, 2, 3]", plain(r.render(new int[] {1, 2, 3})));
        assertEquals("[a, b]", plain(r.render(new char[] {'a', 'b'})));
        assertEquals("[[a], [b, c]]", plain(r.render(new String[][] {{"a"}, {"b", "c"}})));
        assertEquals("[[1, 2], null]", plain(r.render(new Object[] {new long[] {1, 2}, null})));
        assertEquals("[]", plain(r.render(new double[0])));
        Object[] self = new Object[1];
        self[0] = self;
        assertEquals("[[...]]", plain(r.render(self)));
    }

    @Test
    void defaultsPassDisplayDataThroughAndAskDisplayables() {
        Renderers r = Renderers.withDefaults();
        DisplayData d = DisplayData.html("<b>x</b>", "x");
        assertSame(d, r.render(d));
        Displayable custom = () -> DisplayData.markdown("**hi**");
        assertEquals(Map.of(DisplayData.TEXT, "**hi**", DisplayData.MARKDOWN, "**hi**"), r.render(custom).data());
    }

    @Test
    void tablesRenderAsHtmlAndTextOnceRegisteredThroughTheHook() {
        Table t = Table.create("nums", IntColumn.create("n", 1, 2));
        Renderers r = Renderers.withDefaults();
        assertFalse(r.render(t).data().containsKey(DisplayData.HTML), "the kernel itself knows no tablesaw");
        StandardRenderers.registerOn(r);
        DisplayData d = r.render(t);
        assertTrue(String.valueOf(d.data().get(DisplayData.HTML)).contains("<table"));
        assertTrue(plain(d).contains("n"), plain(d));
    }

    record Lag(String topic, int partition, @Column("CURRENT-OFFSET") OptionalLong currentOffset, long logEndOffset) { }

    @Test
    void typedRowsAndRecordListsRenderAsTablesWithAbsentValuesAsDash() {
        Renderers r = Renderers.withDefaults();
        StandardRenderers.registerOn(r);
        List<Lag> rows = List.of(new Lag("t", 0, OptionalLong.of(5), 7), new Lag("t", 1, OptionalLong.empty(), 3));
        for (DisplayData d : List.of(r.render(Rows.of("lag", rows)), r.render(rows))) {
            List<String> lines = plain(d).lines().toList();
            assertEquals(List.of("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET"),
                List.of(lines.get(0).trim().split("\\s{2,}")), plain(d));
            assertEquals(List.of("t", "1", "-", "3"), List.of(lines.get(2).trim().split("\\s{2,}")), plain(d));
            assertTrue(String.valueOf(d.data().get(DisplayData.HTML)).contains("<th>CURRENT-OFFSET</th>"));
        }
        assertEquals("[1, 2]", plain(r.render(List.of(1, 2))), "a list of non-records stays text");
    }

    @Test
    void mostSpecificClassWins() {
        Renderers r = new Renderers();
        r.register(Animal.class, a -> DisplayData.text("animal"));
        r.register(Dog.class, d -> DisplayData.text("dog"));
        assertEquals("animal", plain(r.render(new Animal())));
        assertEquals("dog", plain(r.render(new Dog())));
        assertEquals("dog", plain(r.render(new Puppy())));
    }

    @Test
    void registrationOrderDoesNotMatter() {
        Renderers r = new Renderers();
        r.register(Dog.class, d -> DisplayData.text("dog"));
        r.register(Animal.class, a -> DisplayData.text("animal"));
        assertEquals("dog", plain(r.render(new Puppy())));
    }

    @Test
    void classChainBeatsInterfaces() {
        Renderers r = new Renderers();
        r.register(Pet.class, p -> DisplayData.text("pet"));
        r.register(Animal.class, a -> DisplayData.text("animal"));
        assertEquals("animal", plain(r.render(new Puppy())));
        assertEquals("pet", plain(r.render(new Cat())));
    }

    @Test
    void interfacesAreSearchedUpTheirHierarchy() {
        Renderers r = new Renderers();
        r.register(Named.class, n -> DisplayData.text("named"));
        assertEquals("named", plain(r.render(new Puppy())), "interface of a superclass, via its superinterface");
        r.register(Pet.class, p -> DisplayData.text("pet"));
        assertEquals("pet", plain(r.render(new Puppy())), "the direct interface beats its superinterface");
        assertEquals("Point[x=1, y=2]", plain(r.render(new Point(1, 2))));
    }

    @Test
    void aSecondRegistrationReplacesTheFirst() {
        Renderers r = new Renderers();
        r.register(Dog.class, d -> DisplayData.text("first"));
        r.register(Dog.class, d -> DisplayData.text("second"));
        assertEquals("second", plain(r.render(new Dog())));
    }

    @Test
    void renderAsAMimeTypeTakesStringsAsContent() {
        Renderers r = Renderers.withDefaults();
        assertEquals(Map.of(DisplayData.HTML, "<i>x</i>", DisplayData.TEXT, "<text/html>"),
            r.render("<i>x</i>", DisplayData.HTML).data());
        assertEquals(Map.of(DisplayData.SVG, "<svg/>", DisplayData.TEXT, "<image/svg+xml>"),
            r.render(new StringBuilder("<svg/>"), DisplayData.SVG).data());
        assertEquals(Map.of(DisplayData.TEXT, "just text"), r.render("just text", DisplayData.TEXT).data());
    }

    @Test
    void renderAsAMimeTypePicksThatRepresentation() {
        Renderers r = Renderers.withDefaults();
        DisplayData d = r.render(DisplayData.html("<b>x</b>", "x").put(DisplayData.SVG, "<svg/>"), DisplayData.HTML);
        assertEquals(Map.of(DisplayData.HTML, "<b>x</b>", DisplayData.TEXT, "x"), d.data());
        assertEquals(Map.of(DisplayData.TEXT, "[1, 2]"), r.render(new int[] {1, 2}, DisplayData.TEXT).data());
    }

    @Test
    void renderAsAMissingMimeTypeSaysWhatIsAvailable() {
        Renderers r = Renderers.withDefaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> r.render(new Point(1, 2), DisplayData.HTML));
        assertTrue(e.getMessage().contains(DisplayData.HTML), e.getMessage());
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("[text/plain]"), e.getMessage());
    }

    @Test
    void renderNullAsAMimeType() {
        Renderers r = Renderers.withDefaults();
        assertEquals(Map.of(DisplayData.TEXT, "null"), r.render(null, DisplayData.TEXT).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.render(null, DisplayData.HTML));
        assertTrue(e.getMessage().contains("No text/html representation for null"), e.getMessage());
    }
}
