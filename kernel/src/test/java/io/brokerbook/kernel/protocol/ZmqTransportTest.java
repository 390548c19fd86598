package io.brokerbook.kernel.protocol;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cell's thread may be interrupted while it prints (an interrupt request lands as a watch writes its last line):
 * what it sends must still reach the client, and the transport must go on working.
 */
class ZmqTransportTest {
    private static final int RECEIVE_TIMEOUT_MS = 5_000;
    private final WireCodec codec = new WireCodec(new MessageSigner("k", "hmac-sha256"));
    private ZmqTransport transport;
    private ZContext client;
    private ZMQ.Socket iopub;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void startAndSubscribe() throws Exception {
        ConnectionInfo info = started();
        client = new ZContext();
        iopub = subscribed(info.address(info.iopubPort()));
        iopub.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
    }

    /** A started transport; free ports are looked up one by one, so another may take one meanwhile: new ones then. */
    private ConnectionInfo started() throws IOException {
        for (int attempt = 1; ; attempt++) {
            ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(),
                freePort(), "k", "hmac-sha256");
            transport = new ZmqTransport(info, codec, (channel, message) -> { });
            try {
                transport.start();
                return info;
            } catch (ZMQException e) {
                transport.close();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * A SUB socket that receives: a PUB drops what is sent before a subscription reaches it, so probes are sent until
     * one arrives, as Jupyter clients do with kernel_info; a JeroMQ SUB whose first connection never gets its
     * subscription through (seen about once in 30 here, the transport serving a new SUB at once) is replaced.
     */
    private ZMQ.Socket subscribed(String address) throws BadMessageException {
        for (int socket = 0; socket < 5; socket++) {
            ZMQ.Socket sub = client.createSocket(SocketType.SUB);
            sub.connect(address);
            sub.subscribe(new byte[0]);
            sub.setReceiveTimeOut(100);
            for (int probe = 0; probe < 20; probe++) {
                transport.send(Channel.IOPUB, stream("probe", "probe"));
                if (sub.recv() != null) {
                    while (sub.recv() != null) {
                        // the other probes, until 100 ms pass without one
                    }
                    return sub;
                }
            }
            sub.close();
        }
        throw new AssertionError("no subscriber ever received a probe from the transport");
    }

    @AfterEach
    void stop() {
        transport.close();
        client.close();
    }

    private static Message stream(String id, String text) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_type", "stream");
        header.addProperty("msg_id", id);
        JsonObject content = new JsonObject();
        content.addProperty("text", text);
        return new Message(List.of("stream".getBytes(StandardCharsets.UTF_8)), header, new JsonObject(),
            new JsonObject(), content, List.of());
    }

    private String receivedText() throws BadMessageException {
        byte[] first = iopub.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (iopub.hasReceiveMore()) {
            frames.add(iopub.recv());
        }
        return codec.decode(frames).content().get("text").getAsString();
    }

    /** Sends on a new thread that interrupts itself first; returns whether the interrupt was still set after. */
    private boolean sendInterrupted(Message message) throws InterruptedException {
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            Thread.currentThread().interrupt();
            transport.send(Channel.IOPUB, message);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        sender.start();
        sender.join();
        return stillInterrupted.get();
    }

    @Test
    void aThreadJustInterruptedStillSendsAndKeepsItsInterrupt() throws Exception {
        assertTrue(sendInterrupted(stream("m1", "Watch interrupted; 3 updates.\n")),
            "the interrupt is kept for the code after the send");
        assertEquals("Watch interrupted; 3 updates.\n", receivedText());
        transport.send(Channel.IOPUB, stream("m2", "next cell"));
        assertEquals("next cell", receivedText(), "the transport still sends after an interrupted sender");
    }

    @Test
    void messagesFromInterruptedAndOtherThreadsAllArriveInTheirOrder() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            String text = "line " + i;
            sent.add(text);
            if (i % 2 == 0) {
                assertTrue(sendInterrupted(stream("m" + i, text)));
            } else {
                transport.send(Channel.IOPUB, stream("m" + i, text));
            }
        }
        List<String> received = new ArrayList<>();
        while (received.size() < sent.size()) {
            String text = receivedText();
            if (text == null) {
                break;
            }
            received.add(text);
        }
        assertEquals(sent, received);
    }
}
