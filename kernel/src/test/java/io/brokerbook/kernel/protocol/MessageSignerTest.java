package io.brokerbook.kernel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected digests are independent of this code: RFC 4231 test case 2 and values computed once with
 * Python's {@code hmac.new(key, b"".join(parts), hashlib.sha256).hexdigest()}.
 */
class MessageSignerTest {
    /** RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?". */
    private static final String RFC4231_TC2_SHA256 =
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    private static final String RFC4231_TC2_SHA512 =
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

    /** Python: key b"a0436f6c-1916-498b-8eb9-e81ab9368e84", the four frames of a kernel_info_request. */
    private static final String JUPYTER_KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";
    private static final List<byte[]> KERNEL_INFO_FRAMES = List.of(
        utf8("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}"), utf8("{}"), utf8("{}"), utf8("{}"));
    private static final String KERNEL_INFO_SHA256 = "23d21ade63d42fc48bbe2721cd9045ceffb260c3521b7d246495f23adfca79a0";

    /** Python: key "clé-🔑".encode(), data "héllo 😀".encode() — keys and frames are UTF-8 bytes. */
    private static final String NON_ASCII_SHA256 = "3d2a4e6094af565fc9a63c152dd96e9615c676d647d42b034fd2399a9abc698e";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sha256MatchesRfc4231() {
        MessageSigner s = new MessageSigner("Jefe", "hmac-sha256");
        assertEquals(RFC4231_TC2_SHA256, s.sign(List.of(utf8("what do ya want for nothing?"))));
    }

    @Test
    void sha512MatchesRfc4231() {
        MessageSigner s = new MessageSigner("Jefe", "hmac-sha512");
        assertEquals(RFC4231_TC2_SHA512, s.sign(List.of(utf8("what do ya want for nothing?"))));
    }

    @Test
    void missingSchemeMeansSha256() {
        MessageSigner s = new MessageSigner("Jefe", null);
        assertEquals(RFC4231_TC2_SHA256, s.sign(List.of(utf8("what do ya want for nothing?"))));
    }

    @Test
    void partsAreSignedAsTheirConcatenation() {
        MessageSigner s = new MessageSigner("Jefe", "hmac-sha256");
        assertEquals(RFC4231_TC2_SHA256,
            s.sign(List.of(utf8("what do "), utf8(""), utf8("ya want for"), utf8(" nothing?"))));
    }

    @Test
    void signsTheFourJupyterFrames() {
        MessageSigner s = new MessageSigner(JUPYTER_KEY, "hmac-sha256");
        assertEquals(KERNEL_INFO_SHA256, s.sign(KERNEL_INFO_FRAMES));
    }

    @Test
    void keyAndFramesAreUtf8() {
        MessageSigner s = new MessageSigner("clé-🔑", "hmac-sha256");
        assertEquals(NON_ASCII_SHA256, s.sign(List.of(utf8("héllo 😀"))));
    }

    @Test
    void verifyAcceptsTheKnownSignature() {
        MessageSigner s = new MessageSigner(JUPYTER_KEY, "hmac-sha256");
        assertTrue(s.verify(KERNEL_INFO_SHA256, KERNEL_INFO_FRAMES));
    }

    @Test
    void verifyRejectsWrongMissingOrAlteredSignatures() {
        MessageSigner s = new MessageSigner(JUPYTER_KEY, "hmac-sha256");
        String lastDigitFlipped = KERNEL_INFO_SHA256.substring(0, 63) + "1";
        assertFalse(s.verify(lastDigitFlipped, KERNEL_INFO_FRAMES));
        assertFalse(s.verify("", KERNEL_INFO_FRAMES));
        assertFalse(s.verify(KERNEL_INFO_SHA256.substring(0, 32), KERNEL_INFO_FRAMES), "a prefix is not enough");
        assertFalse(s.verify(KERNEL_INFO_SHA256 + "00", KERNEL_INFO_FRAMES), "trailing bytes are not ignored");
        assertFalse(s.verify(KERNEL_INFO_SHA256.toUpperCase(), KERNEL_INFO_FRAMES), "hexdigest is lower case");
    }

    @Test
    void verifyRejectsAlteredFramesOrAnotherKey() {
        MessageSigner s = new MessageSigner(JUPYTER_KEY, "hmac-sha256");
        List<byte[]> altered = List.of(KERNEL_INFO_FRAMES.get(0), utf8("{}"), utf8("{}"), utf8("{\"x\":1}"));
        assertFalse(s.verify(KERNEL_INFO_SHA256, altered));
        assertFalse(new MessageSigner(JUPYTER_KEY + "x", "hmac-sha256").verify(KERNEL_INFO_SHA256, KERNEL_INFO_FRAMES));
        assertFalse(new MessageSigner(JUPYTER_KEY, "hmac-sha512").verify(KERNEL_INFO_SHA256, KERNEL_INFO_FRAMES));
    }

    @Test
    void emptyKeyMeansNoSigning() {
        // Jupyter messaging spec: an empty key disables authentication; the signature is the empty string.
        for (MessageSigner s : List.of(new MessageSigner("", "hmac-sha256"), new MessageSigner(null, "hmac-sha256"))) {
            assertEquals("", s.sign(KERNEL_INFO_FRAMES));
            assertTrue(s.verify("", KERNEL_INFO_FRAMES));
            assertTrue(s.verify(KERNEL_INFO_SHA256, KERNEL_INFO_FRAMES));
        }
    }

    @Test
    void unknownSchemeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MessageSigner("k", "hmac-sha3-256"));
    }
}
