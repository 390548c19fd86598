package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.process.ChildServerStart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the other program that binds the port a start chose before its server does, on the first try only; notes
 * the port of every try.
 */
final class TakenOnFirstTry implements AutoCloseable {
    final List<Integer> tried = new ArrayList<>();
    private ServerSocket squatter;

    void take(ChildServerStart.Launch launch) throws IOException {
        tried.add(launch.port().port());
        if (squatter == null) {
            squatter = new ServerSocket(launch.port().port(), 1, InetAddress.getByName("127.0.0.1"));
        }
    }

    @Override
    public void close() throws IOException {
        if (squatter != null) {
            squatter.close();
        }
    }
}
