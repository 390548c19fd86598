package io.brokerbook.magics;

import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableDisplayTest {
    @Test
    void smallTableIsAlignedAndEscaped() {
        Table t = Table.create("t", StringColumn.create("Topic", "a<b", "long-topic"), IntColumn.create("Partition", 0, 12));
        DisplayData d = TableDisplay.of(t);
        String text = d.plainText();
        assertEquals("Topic       Partition\na<b         0\nlong-topic  12", text);
        assertTrue(d.data().get(DisplayData.HTML).toString().contains("a&lt;b"));
    }

    @Test
    void largeTableShowsHeadTailAndCount() {
        int[] ids = new int[10_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Table t = Table.create("big", IntColumn.create("Offset", ids));
        DisplayData d = TableDisplay.of(t, 10);
        String text = d.plainText();
        assertTrue(text.contains("9990 more rows"), text);
        assertTrue(text.contains("9999"));
        assertTrue(text.endsWith("10000 rows"));
    }
}
