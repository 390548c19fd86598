package io.brokerbook.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodecTest {
    private static final String KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";
    /** Python: hmac.new(KEY, header + b"{}" * 3, hashlib.sha256).hexdigest() — see MessageSignerTest. */
    private static final String KERNEL_INFO_SHA256 = "23d21ade63d42fc48bbe2721cd9045ceffb260c3521b7d246495f23adfca79a0";
    private static final String KERNEL_INFO_HEADER = "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}";

    private final MessageSigner signer = new MessageSigner(KEY, "hmac-sha256");
    private final WireCodec codec = new WireCodec(signer);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    /** identities, delimiter, a correct signature over the four parts, the four parts, buffers. */
    private List<byte[]> signedFrames(List<String> identities, String header, String parent, String metadata,
                                      String content, byte[]... buffers) {
        List<byte[]> frames = new ArrayList<>();
        identities.forEach(id -> frames.add(utf8(id)));
        frames.add(utf8("<IDS|MSG>"));
        List<byte[]> parts = List.of(utf8(header), utf8(parent), utf8(metadata), utf8(content));
        frames.add(utf8(signer.sign(parts)));
        frames.addAll(parts);
        frames.addAll(List.of(buffers));
        return frames;
    }

    private BadMessageException rejected(List<byte[]> frames) {
        return assertThrows(BadMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void decodesFramesSignedElsewhere() throws BadMessageException {
        List<byte[]> frames = List.of(utf8("client-1"), new byte[] {0, 1, 2}, utf8("<IDS|MSG>"),
            utf8(KERNEL_INFO_SHA256), utf8(KERNEL_INFO_HEADER), utf8("{}"), utf8("{}"), utf8("{}"));
        Message m = codec.decode(frames);
        assertEquals(2, m.identities().size());
        assertArrayEquals(utf8("client-1"), m.identities().get(0));
        assertArrayEquals(new byte[] {0, 1, 2}, m.identities().get(1));
        assertEquals("kernel_info_request", m.type());
        assertEquals("1", m.id());
        assertEquals(new JsonObject(), m.parentHeader());
        assertEquals(new JsonObject(), m.metadata());
        assertEquals(new JsonObject(), m.content());
        assertTrue(m.buffers().isEmpty());
    }

    @Test
    void encodeLaysOutTheFramesInProtocolOrder() {
        JsonObject header = json("{\"msg_id\":\"m1\",\"msg_type\":\"status\"}");
        JsonObject content = json("{\"execution_state\":\"idle\"}");
        byte[] buffer = {9, 8, 7};
        Message m = new Message(List.of(utf8("topic")), header, new JsonObject(), new JsonObject(), content,
            List.of(buffer));

        List<byte[]> frames = codec.encode(m);

        assertEquals(1 + 6 + 1, frames.size());
        assertArrayEquals(utf8("topic"), frames.get(0));
        assertArrayEquals(utf8("<IDS|MSG>"), frames.get(1));
        assertEquals(header, json(new String(frames.get(3), StandardCharsets.UTF_8)));
        assertEquals(new JsonObject(), json(new String(frames.get(4), StandardCharsets.UTF_8)));
        assertEquals(new JsonObject(), json(new String(frames.get(5), StandardCharsets.UTF_8)));
        assertEquals(content, json(new String(frames.get(6), StandardCharsets.UTF_8)));
        assertArrayEquals(buffer, frames.get(7));
        assertEquals(signer.sign(frames.subList(3, 7)), new String(frames.get(2), StandardCharsets.US_ASCII));
        assertEquals(64, frames.get(2).length, "hex HMAC-SHA256");
    }

    @Test
    void roundTripKeepsEveryPart() throws BadMessageException {
        JsonObject header = json("{\"msg_id\":\"abc\",\"msg_type\":\"execute_reply\",\"session\":\"s\",\"version\":\"5.4\"}");
        JsonObject parent = json("{\"msg_id\":\"req\",\"msg_type\":\"execute_request\"}");
        JsonObject metadata = json("{\"started\":\"2024-01-01T00:00:00Z\",\"nested\":{\"a\":[1,2.5,true]}}");
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("text", "héllo 😀 <b>&amp;</b> \"quoted\" \\ \n\t\u0000 end");
        JsonArray list = new JsonArray();
        list.add(1);
        list.add("two");
        content.add("list", list);
        List<byte[]> identities = List.of(utf8("id-1"), new byte[] {(byte) 0xff, 0, 0x7f});
        List<byte[]> buffers = List.of(new byte[] {0, (byte) 0x80, (byte) 0xff}, new byte[0], utf8("<IDS|MSG>"));
        Message m = new Message(identities, header, parent, metadata, content, buffers);

        Message back = codec.decode(codec.encode(m));

        assertEquals(identities.size(), back.identities().size());
        for (int i = 0; i < identities.size(); i++) {
            assertArrayEquals(identities.get(i), back.identities().get(i));
        }
        assertEquals(header, back.header());
        assertEquals(parent, back.parentHeader());
        assertEquals(metadata, back.metadata());
        assertEquals(content, back.content());
        assertEquals(buffers.size(), back.buffers().size(), "a buffer that looks like the delimiter is still a buffer");
        for (int i = 0; i < buffers.size(); i++) {
            assertArrayEquals(buffers.get(i), back.buffers().get(i));
        }
    }

    @Test
    void nullMembersAreSentAsNull() throws BadMessageException {
        // A reply's parent_header is the request's header verbatim, whatever the client put in it.
        JsonObject header = json("{\"msg_id\":\"x\",\"msg_type\":\"execute_reply\"}");
        JsonObject parent = json("{\"msg_id\":\"r\",\"msg_type\":\"execute_request\",\"subshell_id\":null}");
        JsonObject content = json("{\"status\":\"ok\",\"execution_count\":null,\"list\":[null,{\"k\":null}]}");
        List<byte[]> frames = codec.encode(new Message(List.of(), header, parent, new JsonObject(), content, List.of()));
        assertEquals(parent, json(new String(frames.get(3), StandardCharsets.UTF_8)));
        Message back = codec.decode(frames);
        assertEquals(parent, back.parentHeader());
        assertEquals(content, back.content());
    }

    @Test
    void roundTripWithoutIdentitiesOrBuffers() throws BadMessageException {
        JsonObject header = json("{\"msg_id\":\"x\",\"msg_type\":\"kernel_info_reply\"}");
        Message back = codec.decode(codec.encode(new Message(List.of(), header, new JsonObject(), new JsonObject(),
            json("{\"status\":\"ok\"}"), List.of())));
        assertTrue(back.identities().isEmpty());
        assertTrue(back.buffers().isEmpty());
        assertEquals("kernel_info_reply", back.type());
        assertEquals("ok", back.content().get("status").getAsString());
    }

    @Test
    void missingDictsAreEncodedAsEmptyObjects() {
        JsonObject header = json("{\"msg_id\":\"x\",\"msg_type\":\"status\"}");
        List<byte[]> frames = codec.encode(new Message(List.of(), header, null, null, null, List.of()));
        for (byte[] dict : frames.subList(3, 6)) {
            assertEquals("{}", new String(dict, StandardCharsets.UTF_8));
        }
    }

    @Test
    void emptyKeySendsAnEmptySignatureAndAcceptsAnyOnReceipt() throws BadMessageException {
        WireCodec unsigned = new WireCodec(new MessageSigner("", "hmac-sha256"));
        JsonObject header = json(KERNEL_INFO_HEADER);
        List<byte[]> frames = unsigned.encode(new Message(List.of(), header, null, null, null, List.of()));
        assertEquals(0, frames.get(1).length);

        List<byte[]> foreign = List.of(utf8("<IDS|MSG>"), utf8("whatever"), utf8(KERNEL_INFO_HEADER),
            utf8("{}"), utf8("{}"), utf8("{}"));
        assertEquals("kernel_info_request", unsigned.decode(foreign).type());
    }

    @Test
    void rejectsFramesWithoutDelimiter() {
        List<byte[]> frames = new ArrayList<>(signedFrames(List.of("id"), KERNEL_INFO_HEADER, "{}", "{}", "{}"));
        frames.remove(1);
        assertTrue(rejected(frames).getMessage().contains("delimiter"));
        assertTrue(rejected(List.of()).getMessage().contains("delimiter"));
    }

    @Test
    void delimiterMustMatchExactly() {
        List<byte[]> frames = new ArrayList<>(signedFrames(List.of(), KERNEL_INFO_HEADER, "{}", "{}", "{}"));
        frames.set(0, utf8("<IDS|MSG> "));
        assertTrue(rejected(frames).getMessage().contains("delimiter"));
    }

    @Test
    void rejectsFramesWithFewerThanFourJsonParts() {
        List<byte[]> frames = new ArrayList<>(signedFrames(List.of("id"), KERNEL_INFO_HEADER, "{}", "{}", "{}"));
        frames.remove(frames.size() - 1);
        assertTrue(rejected(frames).getMessage().contains("four JSON parts"));
        assertTrue(rejected(List.of(utf8("<IDS|MSG>"), utf8(KERNEL_INFO_SHA256))).getMessage().contains("four JSON parts"));
    }

    @Test
    void rejectsWrongMissingOrForeignSignatures() {
        List<byte[]> frames = new ArrayList<>(signedFrames(List.of(), KERNEL_INFO_HEADER, "{}", "{}", "{}"));
        frames.set(1, utf8(KERNEL_INFO_SHA256.replace('a', 'b')));
        assertTrue(rejected(frames).getMessage().contains("signature"));
        frames.set(1, new byte[0]);
        assertTrue(rejected(frames).getMessage().contains("signature"));
        List<byte[]> other = new WireCodec(new MessageSigner("another key", "hmac-sha256"))
            .encode(new Message(List.of(), json(KERNEL_INFO_HEADER), null, null, null, List.of()));
        assertTrue(rejected(other).getMessage().contains("signature"));
    }

    @Test
    void rejectsAPartChangedAfterSigning() {
        List<byte[]> frames = new ArrayList<>(signedFrames(List.of(), KERNEL_INFO_HEADER, "{}", "{}",
            "{\"code\":\"1+1\"}"));
        frames.set(5, utf8("{\"code\":\"System.exit(0)\"}"));
        assertTrue(rejected(frames).getMessage().contains("signature"));
    }

    @Test
    void checksTheSignatureBeforeParsingJson() {
        List<byte[]> frames = List.of(utf8("<IDS|MSG>"), utf8(KERNEL_INFO_SHA256), utf8("not json"), utf8("{}"),
            utf8("{}"), utf8("{}"));
        assertTrue(rejected(frames).getMessage().contains("signature"));
    }

    @Test
    void rejectsAHeaderThatIsNotAUsableObject() {
        for (String header : List.of("not json", "{\"msg_id\":", "[1,2]", "\"text\"", "null", "", "{}",
            "{\"msg_id\":\"1\"}", "{\"msg_type\":\"kernel_info_request\"}",
            "{\"msg_id\":\"1\",\"msg_type\":{\"nested\":true}}", "{\"msg_id\":\"1\",\"msg_type\":[\"a\"]}",
            KERNEL_INFO_HEADER + " trailing")) {
            BadMessageException e = rejected(signedFrames(List.of(), header, "{}", "{}", "{}"));
            assertTrue(e.getMessage().startsWith("header"), header + " → " + e.getMessage());
        }
    }

    @Test
    void rejectsOtherPartsThatAreNotObjects() {
        String[] names = {"parent_header", "metadata", "content"};
        for (int part = 0; part < 3; part++) {
            for (String bad : List.of("[]", "null", "", "42", "{\"a\":", "{} {}")) {
                String[] dicts = {"{}", "{}", "{}"};
                dicts[part] = bad;
                BadMessageException e = rejected(signedFrames(List.of(), KERNEL_INFO_HEADER, dicts[0], dicts[1], dicts[2]));
                assertTrue(e.getMessage().startsWith(names[part]), names[part] + "=" + bad + " → " + e.getMessage());
            }
        }
    }
}
