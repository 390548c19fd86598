package io.brokerbook.cluster.lb;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackServersTest {
    @Test
    void busyDefaultPortMovesToTheNextFreeOneButAnExplicitPortFails() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            HttpServer next = LoopbackServers.bind("entry point web", port, true);
            try {
                assertTrue(next.getAddress().getPort() > port);
                assertTrue(next.getAddress().getAddress().isLoopbackAddress());
            } finally {
                next.stop(0);
            }
            LbException e = assertThrows(LbException.class, () -> LoopbackServers.bind("entry point web", port, false));
            assertEquals("entry point web: port " + port + " on 127.0.0.1 is already in use; choose another one"
                + " (or leave the port out to take the next free one)", e.getMessage());
        }
        assertEquals("true", System.getProperty(LoopbackServers.NODELAY));
    }
}
