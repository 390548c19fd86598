package io.brokerbook.kernel.api;

import io.brokerbook.magics.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayValueTest {
    /** A 3×2 PNG header (signature + IHDR): enough to be recognised and measured. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
        0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0};

    @Test
    void textValuesCarryTheirMimeTypeAndSayWhatTheyAre() {
        DisplayData d = DisplayValue.html("<b>x</b>").toDisplayData();
        assertEquals(Map.of(DisplayData.HTML, "<b>x</b>", DisplayData.TEXT, "<HTML: <b>x</b>>"), d.data());
        assertEquals("<Markdown: # Title>", DisplayValue.markdown("# Title").toString());
        assertEquals("text/latex", DisplayValue.latex("$x^2$").mimeType());
        assertEquals(DisplayData.SVG, DisplayValue.svg("<svg/>").mimeType());
        String longHtml = "<p>" + "a".repeat(200) + "</p>";
        assertTrue(DisplayValue.html(longHtml).toString().endsWith("…>"));
        assertEquals(longHtml, DisplayValue.html(longHtml).content());
    }

    @Test
    void imagesAreRecognisedByTheirBytes() {
        DisplayValue png = DisplayValue.image(PNG);
        assertEquals("image/png", png.mimeType());
        assertEquals(Base64.getEncoder().encodeToString(PNG), png.content());
        assertEquals("<Image: PNG 3×2, 29 bytes>", png.toString());
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 5, 0, 7, 0, 0};
        assertEquals("<Image: GIF 5×7, 11 bytes>", DisplayValue.image(gif).toString());
        DisplayValue svg = DisplayValue.image("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(DisplayData.SVG, svg.mimeType());
        assertTrue(svg.content().contains("<svg"));
    }

    @Test
    void jpegSizeComesFromItsFrameHeader() {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0,
            (byte) 0xff, (byte) 0xc0, 0, 11, 8, 0, 20, 0, 40, 3, 0, 0, 0};
        assertEquals("<Image: JPEG 40×20, 21 bytes>", DisplayValue.image(jpeg).toString());
    }

    @Test
    void imagesFromFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dot.png");
        Files.write(file, PNG);
        assertEquals("image/png", DisplayValue.image(file).mimeType());
        assertEquals("image/png", DisplayValue.image(file.toString()).mimeType());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> DisplayValue.image(dir.resolve("none.png")));
        assertTrue(missing.getMessage().startsWith("No image file "), missing.getMessage());
    }

    @Test
    void otherBytesAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DisplayValue.image(new byte[] {1, 2, 3}));
        assertEquals("These 3 bytes are not a PNG, JPEG, GIF, WebP or SVG image", e.getMessage());
    }
}
