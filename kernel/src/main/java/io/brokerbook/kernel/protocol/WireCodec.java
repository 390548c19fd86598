package io.brokerbook.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Frames ⇄ {@link Message}, verifying signatures and validating JSON before anything is handled. */
public final class WireCodec {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Keeps explicit nulls: {@code {"k": null}} is sent as is, not as {@code {}}. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final MessageSigner signer;

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    public Message decode(List<byte[]> frames) throws BadMessageException {
        int delim = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delim = i;
                break;
            }
        }
        if (delim < 0 || frames.size() < delim + 6) {
            throw new BadMessageException("frames missing the <IDS|MSG> delimiter or the four JSON parts");
        }
        List<byte[]> identities = new ArrayList<>(frames.subList(0, delim));
        String signature = new String(frames.get(delim + 1), StandardCharsets.US_ASCII);
        List<byte[]> signed = frames.subList(delim + 2, delim + 6);
        if (!signer.verify(signature, signed)) {
            throw new BadMessageException("invalid HMAC signature");
        }
        JsonObject header = object(signed.get(0), "header", false);
        if (!header.has("msg_type") || !header.get("msg_type").isJsonPrimitive()
            || !header.has("msg_id")) {
            throw new BadMessageException("header without msg_type or msg_id");
        }
        JsonObject parent = object(signed.get(1), "parent_header", true);
        JsonObject metadata = object(signed.get(2), "metadata", true);
        JsonObject content = object(signed.get(3), "content", true);
        List<byte[]> buffers = new ArrayList<>(frames.subList(delim + 6, frames.size()));
        return new Message(identities, header, parent, metadata, content, buffers);
    }

    private static JsonObject object(byte[] raw, String part, boolean emptyOk) throws BadMessageException {
        try {
            JsonElement e = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BadMessageException(part + " is not a JSON object");
            }
            JsonObject o = e.getAsJsonObject();
            if (!emptyOk && o.size() == 0) {
                throw new BadMessageException(part + " is empty");
            }
            return o;
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadMessageException(part + " is not valid JSON");
        }
    }

    public List<byte[]> encode(Message m) {
        byte[] header = bytes(m.header());
        byte[] parent = bytes(m.parentHeader());
        byte[] metadata = bytes(m.metadata());
        byte[] content = bytes(m.content());
        List<byte[]> frames = new ArrayList<>(m.identities().size() + 6 + m.buffers().size());
        frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(List.of(header, parent, metadata, content)).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(m.buffers());
        return frames;
    }

    private static byte[] bytes(JsonObject o) {
        return GSON.toJson(o == null ? new JsonObject() : o).getBytes(StandardCharsets.UTF_8);
    }
}
