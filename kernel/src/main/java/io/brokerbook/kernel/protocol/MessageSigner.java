package io.brokerbook.kernel.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** HMAC signing of the four JSON frames; an empty key disables signing as the protocol says. */
public final class MessageSigner {
    private final SecretKeySpec key;
    private final String algorithm;

    public MessageSigner(String key, String scheme) {
        if (key == null || key.isEmpty()) {
            this.key = null;
            this.algorithm = null;
            return;
        }
        String alg = switch (scheme == null ? "hmac-sha256" : scheme) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            case "hmac-md5" -> "HmacMD5";
            default -> throw new IllegalArgumentException("Unsupported signature scheme: " + scheme);
        };
        this.algorithm = alg;
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), alg);
    }

    public String sign(List<byte[]> parts) {
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            for (byte[] p : parts) {
                mac.update(p);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the received signature with the one computed here. */
    public boolean verify(String signature, List<byte[]> parts) {
        if (key == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
