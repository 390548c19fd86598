package io.brokerbook.kernel.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The image formats notebooks show, recognised by their first bytes, with their pixel size where the header has it. */
enum ImageFormat {
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp"),
    SVG("image/svg+xml");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    String mimeType() {
        return mimeType;
    }

    static Optional<ImageFormat> of(byte[] b) {
        if (startsWith(b, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1).stripLeading();
        }
        if (head.startsWith("<svg") || (head.startsWith("<?xml") || head.startsWith("<!--")) && head.contains("<svg")) {
            return Optional.of(SVG);
        }
        return Optional.empty();
    }

    /** {width, height} in pixels, read from the header, if this format has them there. */
    Optional<int[]> dimensions(byte[] b) {
        return switch (this) {
            case PNG -> b.length >= 24 ? Optional.of(new int[] {int32(b, 16), int32(b, 20)}) : Optional.empty();
            case GIF -> b.length >= 10 ? Optional.of(new int[] {u16le(b, 6), u16le(b, 8)}) : Optional.empty();
            case JPEG -> jpegDimensions(b);
            default -> Optional.empty();
        };
    }

    /** Walks the JPEG segments up to the first start-of-frame marker, which holds height and width. */
    private static Optional<int[]> jpegDimensions(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xff;
            int length = u16be(b, i + 2);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                return Optional.of(new int[] {u16be(b, i + 7), u16be(b, i + 5)});
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int u16be(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
