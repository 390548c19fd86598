package io.brokerbook.cluster.mqtt;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoDelaySocketsTest {
    @Test
    void everySocketHasNagleOffUnlikeAPlainOne() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback);
             Socket plain = new Socket(loopback, server.getLocalPort());
             Socket unconnected = new NoDelaySockets().createSocket();
             Socket byName = new NoDelaySockets().createSocket(loopback.getHostAddress(), server.getLocalPort());
             Socket byAddress = new NoDelaySockets().createSocket(loopback, server.getLocalPort())) {
            assertFalse(plain.getTcpNoDelay(), "the JDK's default, which Paho keeps");
            unconnected.connect(new InetSocketAddress(loopback, server.getLocalPort())); // as Paho connects it
            assertTrue(unconnected.getTcpNoDelay());
            assertTrue(byName.getTcpNoDelay());
            assertTrue(byAddress.getTcpNoDelay());
        }
    }
}
