package io.brokerbook.kernel.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the kernel's sockets. ZeroMQ sockets are not thread-safe, so one I/O thread reads shell,
 * control and stdin and writes every outgoing message; other threads hand it messages through an
 * inproc PUSH/PULL pipe, which also wakes its blocking poll (no busy polling). The heartbeat has
 * a thread of its own so it keeps answering while anything else is busy.
 */
public final class ZmqTransport implements AutoCloseable {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(ZmqTransport.class);
    }
    private static final String OUTBOX = "inproc://brokerbook-outbox";
    private static final byte STOP = (byte) 0xFF;

    private final ConnectionInfo info;
    private final WireCodec codec;
    private final InboundHandler handler;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Map<Channel, ZMQ.Socket> sockets = new EnumMap<>(Channel.class);
    private final Object pushLock = new Object();
    private ZMQ.Socket outboxPush;
    private Thread ioThread;
    private Thread heartbeatThread;
    private volatile boolean closed;

    public ZmqTransport(ConnectionInfo info, WireCodec codec, InboundHandler handler) {
        this.info = info;
        this.codec = codec;
        this.handler = handler;
    }

    /** Binds every socket (failing fast if a port is taken) and starts the I/O and heartbeat threads. */
    public void start() {
        ZMQ.Socket outboxPull = context.socket(SocketType.PULL);
        outboxPull.bind(OUTBOX + "-" + System.identityHashCode(this));
        outboxPush = context.socket(SocketType.PUSH);
        outboxPush.connect(OUTBOX + "-" + System.identityHashCode(this));
        sockets.put(Channel.SHELL, bound(SocketType.ROUTER, info.shellPort()));
        sockets.put(Channel.CONTROL, bound(SocketType.ROUTER, info.controlPort()));
        sockets.put(Channel.STDIN, bound(SocketType.ROUTER, info.stdinPort()));
        sockets.put(Channel.IOPUB, bound(SocketType.PUB, info.iopubPort()));
        ZMQ.Socket heartbeat = bound(SocketType.REP, info.hbPort());

        ioThread = new Thread(() -> ioLoop(outboxPull), "brokerbook-zmq-io");
        heartbeatThread = new Thread(() -> heartbeatLoop(heartbeat), "brokerbook-heartbeat");
        ioThread.setDaemon(true);
        heartbeatThread.setDaemon(true);
        ioThread.start();
        heartbeatThread.start();
    }

    private ZMQ.Socket bound(SocketType type, int port) {
        ZMQ.Socket s = context.socket(type);
        s.setLinger(1000);
        s.bind(info.address(port));
        return s;
    }

    /** Queues a message for sending; safe from any thread, keeps the order in which it was called. */
    public void send(Channel channel, Message message) {
        if (closed) {
            return;
        }
        List<byte[]> frames = codec.encode(message);
        synchronized (pushLock) {
            if (closed) {
                return;
            }
            outboxPush.sendMore(new byte[] {(byte) channel.ordinal()});
            for (int i = 0; i < frames.size(); i++) {
                if (i < frames.size() - 1) {
                    outboxPush.sendMore(frames.get(i));
                } else {
                    outboxPush.send(frames.get(i));
                }
            }
        }
    }

    private void ioLoop(ZMQ.Socket outboxPull) {
        ZMQ.Poller poller = context.poller(4);
        int pullIndex = poller.register(outboxPull, ZMQ.Poller.POLLIN);
        Map<Integer, Channel> indexes = new java.util.HashMap<>();
        for (Channel c : List.of(Channel.SHELL, Channel.CONTROL, Channel.STDIN)) {
            indexes.put(poller.register(sockets.get(c), ZMQ.Poller.POLLIN), c);
        }
        boolean running = true;
        try {
            while (running) {
                poller.poll(-1);
                for (Map.Entry<Integer, Channel> e : indexes.entrySet()) {
                    if (poller.pollin(e.getKey())) {
                        receiveAll(e.getValue());
                    }
                }
                if (poller.pollin(pullIndex)) {
                    running = forwardOutbox(outboxPull);
                }
            }
        } catch (ZMQException e) {
            if (!closed) {
                log().error("Kernel I/O loop stopped: {}", e.toString());
            }
        } finally {
            poller.close();
            outboxPull.close();
            sockets.values().forEach(ZMQ.Socket::close);
        }
    }

    private void receiveAll(Channel channel) {
        ZMQ.Socket socket = sockets.get(channel);
        while (true) {
            byte[] first = socket.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            Message message;
            try {
                message = codec.decode(frames);
            } catch (BadMessageException e) {
                log().warn("Dropped a message on {}: {}", channel.name().toLowerCase(), e.getMessage());
                continue;
            }
            try {
                handler.onMessage(channel, message);
            } catch (RuntimeException e) {
                log().error("Handler failed for {} on {}", message.type(), channel, e);
            }
        }
    }

    /** Sends everything queued; returns false once the stop marker is reached. */
    private boolean forwardOutbox(ZMQ.Socket outboxPull) {
        while (true) {
            byte[] head = outboxPull.recv(ZMQ.DONTWAIT);
            if (head == null) {
                return true;
            }
            if (head[0] == STOP) {
                return false;
            }
            ZMQ.Socket target = sockets.get(Channel.values()[head[0]]);
            List<byte[]> frames = new ArrayList<>();
            while (outboxPull.hasReceiveMore()) {
                frames.add(outboxPull.recv(0));
            }
            for (int i = 0; i < frames.size(); i++) {
                target.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    private void heartbeatLoop(ZMQ.Socket heartbeat) {
        try {
            while (true) {
                byte[] ping = heartbeat.recv(0);
                if (ping == null) {
                    break;
                }
                heartbeat.send(ping, 0);
            }
        } catch (ZMQException e) {
            // context terminated: normal shutdown
        } finally {
            heartbeat.close();
        }
    }

    /** Sends what is queued, then closes every socket and the context. */
    @Override
    public void close() {
        synchronized (pushLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (outboxPush != null) {
                outboxPush.send(new byte[] {STOP});
            }
        }
        try {
            if (ioThread != null) {
                ioThread.join(3000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (outboxPush != null) {
            outboxPush.close();
        }
        Thread terminator = new Thread(context::term, "brokerbook-zmq-term");
        terminator.setDaemon(true);
        terminator.start();
        try {
            terminator.join(3000);
            if (heartbeatThread != null) {
                heartbeatThread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
