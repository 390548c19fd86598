package io.brokerbook.kernel;

import com.google.gson.JsonObject;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.magic.MagicCompletion;
import io.brokerbook.kernel.magic.MagicTable;
import io.brokerbook.magics.Magic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestsTest {
    /** Four code points, five UTF-16 units: U+1F600 is a surrogate pair. */
    private static final String GRIN = "a😀b\n";
    /** JShell that failed to start: the Java paths answer at once without it. */
    private static final CompletableFuture<JavaEvaluator> NO_JAVA =
        CompletableFuture.failedFuture(new IllegalStateException("no JShell in this test"));

    private static MagicCompletion magics(String... names) {
        MagicTable t = new MagicTable();
        for (String n : names) {
            t.register(new Magic(n, "test magic", null, (args, ctx) -> { }, (args, body, ctx) -> { }));
        }
        return new MagicCompletion(t);
    }

    private static JsonObject completeRequest(String code, Integer cursorPos) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        if (cursorPos != null) {
            c.addProperty("cursor_pos", cursorPos);
        }
        return c;
    }

    private static List<String> matches(JsonObject reply) {
        List<String> out = new ArrayList<>();
        reply.getAsJsonArray("matches").forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void toUtf16IsTheIdentityForBmpText() {
        String code = "int é = 1;";
        for (int i = 0; i <= code.length(); i++) {
            assertEquals(i, Requests.toUtf16(code, i));
        }
    }

    @Test
    void toUtf16CountsAstralCharactersAsOneCodePoint() {
        assertEquals(0, Requests.toUtf16(GRIN, 0));
        assertEquals(1, Requests.toUtf16(GRIN, 1));
        assertEquals(3, Requests.toUtf16(GRIN, 2), "after the emoji: two UTF-16 units");
        assertEquals(4, Requests.toUtf16(GRIN, 3));
        assertEquals(5, Requests.toUtf16(GRIN, 4));
        assertEquals(6, Requests.toUtf16("😀🎉🚀x", 3));
        assertEquals(7, Requests.toUtf16("😀🎉🚀x", 4));
    }

    @Test
    void toUtf16ClampsOutOfRangePositions() {
        assertEquals(0, Requests.toUtf16(GRIN, -3));
        assertEquals(GRIN.length(), Requests.toUtf16(GRIN, 5));
        assertEquals(GRIN.length(), Requests.toUtf16(GRIN, Integer.MAX_VALUE));
        assertEquals(0, Requests.toUtf16("", 2));
    }

    @Test
    void magicCompletionAfterAnEmojiReportsCodePointPositions() {
        // code points: 😀 0, 😀 1, \n 2, % 3, h 4, e 5, cursor 6 (UTF-16 offset 8)
        String code = "😀😀\n%he\n%lsmagic";
        JsonObject reply = Requests.complete(completeRequest(code, 6), NO_JAVA, magics("help", "hello", "lsmagic"));
        assertEquals("ok", reply.get("status").getAsString());
        assertEquals(List.of("hello", "help"), matches(reply));
        assertEquals(4, reply.get("cursor_start").getAsInt());
        assertEquals(6, reply.get("cursor_end").getAsInt());
    }

    @Test
    void cursorDefaultsToTheEndOfTheCodeInCodePoints() {
        String code = "String s = \"🎉\";\n%%ls";
        JsonObject reply = Requests.complete(completeRequest(code, null), NO_JAVA, magics("help", "lsmagic"));
        assertEquals(List.of("lsmagic"), matches(reply));
        int end = code.codePointCount(0, code.length());
        assertEquals(end, reply.get("cursor_end").getAsInt());
        assertEquals(end - 2, reply.get("cursor_start").getAsInt());
    }

    @Test
    void javaCompletionWithoutJShellKeepsTheCursor() {
        JsonObject reply = Requests.complete(completeRequest("var 😀 = 1; Sys", 12), NO_JAVA, magics());
        assertEquals(List.of(), matches(reply));
        assertEquals(12, reply.get("cursor_start").getAsInt());
        assertEquals(12, reply.get("cursor_end").getAsInt());
    }

    @Test
    void completionAtTheStartOfACellThatBeginsWithANewline() {
        for (String code : List.of("\n%lsmagic", "\n\nint x = 1;", "\n")) {
            JsonObject reply = Requests.complete(completeRequest(code, 0), NO_JAVA, magics("lsmagic"));
            assertEquals(List.of(), matches(reply), code);
            assertEquals(0, reply.get("cursor_start").getAsInt(), code);
            assertEquals(0, reply.get("cursor_end").getAsInt(), code);
        }
    }

    @Test
    void blankMagicLinesKeepsOffsetsAndJava() {
        String code = "int a = 1;\n  %lsmagic --x\nint b = a\n    % 2;\n%%redis\n";
        String blanked = Requests.blankMagicLines(code);
        assertEquals("int a = 1;\n" + " ".repeat("  %lsmagic --x".length()) + "\nint b = a\n    % 2;\n" + " ".repeat("%%redis".length()) + "\n", blanked);
        assertEquals(code.length(), blanked.length());
    }

    @Test
    void isCompleteForMagicCells() {
        assertEquals("incomplete", Requests.isComplete(completeRequest("%%redis\nPING", null), NO_JAVA)
            .get("status").getAsString());
        assertEquals("complete", Requests.isComplete(completeRequest("%%redis\nPING\n\n", null), NO_JAVA)
            .get("status").getAsString());
        assertEquals("complete", Requests.isComplete(completeRequest("%lsmagic\n  %help jars", null), NO_JAVA)
            .get("status").getAsString());
        assertEquals("unknown", Requests.isComplete(completeRequest("int x = 1;\n%lsmagic", null), NO_JAVA)
            .get("status").getAsString());
    }
}
