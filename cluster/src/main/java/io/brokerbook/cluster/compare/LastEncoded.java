package io.brokerbook.cluster.compare;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of the payload last published, kept: the throughput run hands one String for every message, and
 * a producer sending one body encodes it once (as the bare loops next to the harness do), not once per message.
 */
final class LastEncoded {
    private record Encoded(String text, byte[] bytes) {
    }

    private Encoded last = new Encoded("", new byte[0]);

    byte[] bytes(String payload) {
        Encoded e = last;
        if (e.text() != payload) {
            e = new Encoded(payload, payload.getBytes(StandardCharsets.UTF_8));
            last = e;
        }
        return e.bytes();
    }
}
