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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Owns the kernel's sockets. ZeroMQ sockets are not thread-safe, so one I/O thread reads shell,
 * control and stdin and writes every outgoing message; other threads hand it messages through an
 * inproc PUSH/PULL pipe, which also wakes its blocking poll (no busy polling). The heartbeat has
 * a thread of its own so it keeps answering while anything else is busy.
 *
 * <p>No JeroMQ call is made on a caller's thread: a cell's thread may be interrupted (an interrupt request), and
 * JeroMQ signals through an NIO pipe, which an interrupted thread closes — the message is lost and the pipe with
 * it. Callers put frames on a Java queue; a sender thread that nothing interrupts owns the PUSH end.
 */
public final class ZmqTransport implements AutoCloseable {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(ZmqTransport.class);
    }
    private static final String OUTBOX = "inproc://brokerbook-outbox";
    private static final byte STOP = (byte) 0xFF;
    /** Bounded so that a cell printing faster than the client reads waits, as it did on the socket. */
    private static final int OUTBOX_CAPACITY = 1000;
    private static final List<byte[]> STOP_FRAMES = List.of(new byte[] {STOP});

    private final ConnectionInfo info;
    private final WireCodec codec;
    private final InboundHandler handler;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Map<Channel, ZMQ.Socket> sockets = new EnumMap<>(Channel.class);
    private final Object queueLock = new Object();
    private final BlockingQueue<List<byte[]>> outbox = new LinkedBlockingQueue<>(OUTBOX_CAPACITY);
    private Thread senderThread;
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
        List<ZMQ.Socket> opened = new ArrayList<>();
        ZMQ.Socket outboxPull;
        ZMQ.Socket outboxPush;
        ZMQ.Socket heartbeat;
        try {
            outboxPull = opened(opened, SocketType.PULL);
            outboxPull.bind(OUTBOX + "-" + System.identityHashCode(this));
            outboxPush = opened(opened, SocketType.PUSH);
            outboxPush.connect(OUTBOX + "-" + System.identityHashCode(this));
            sockets.put(Channel.SHELL, bound(opened, SocketType.ROUTER, info.shellPort()));
            sockets.put(Channel.CONTROL, bound(opened, SocketType.ROUTER, info.controlPort()));
            sockets.put(Channel.STDIN, bound(opened, SocketType.ROUTER, info.stdinPort()));
            sockets.put(Channel.IOPUB, bound(opened, SocketType.PUB, info.iopubPort()));
            heartbeat = bound(opened, SocketType.REP, info.hbPort());
        } catch (ZMQException e) {
            // a port taken: nothing of this transport may stay open (the context's threads end with term)
            closed = true;
            opened.forEach(ZMQ.Socket::close);
            context.term();
            throw e;
        }

        ioThread = new Thread(() -> ioLoop(outboxPull), "brokerbook-zmq-io");
        senderThread = new Thread(() -> senderLoop(outboxPush), "brokerbook-zmq-sender");
        heartbeatThread = new Thread(() -> heartbeatLoop(heartbeat), "brokerbook-heartbeat");
        ioThread.setDaemon(true);
        senderThread.setDaemon(true);
        heartbeatThread.setDaemon(true);
        ioThread.start();
        senderThread.start();
        heartbeatThread.start();
    }

    private ZMQ.Socket opened(List<ZMQ.Socket> opened, SocketType type) {
        ZMQ.Socket s = context.socket(type);
        opened.add(s);
        return s;
    }

    private ZMQ.Socket bound(List<ZMQ.Socket> opened, SocketType type, int port) {
        ZMQ.Socket s = opened(opened, type);
        s.setLinger(1000);
        s.bind(info.address(port));
        return s;
    }

    /**
     * Queues a message for sending; safe from any thread, an interrupted one included (its interrupt is kept for the
     * code after the call), and keeps the order in which it was called.
     */
    public void send(Channel channel, Message message) {
        if (closed) {
            return;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(new byte[] {(byte) channel.ordinal()});
        frames.addAll(codec.encode(message));
        synchronized (queueLock) {
            if (!closed) {
                putUninterruptibly(frames);
            }
        }
    }

    private void putUninterruptibly(List<byte[]> frames) {
        boolean interrupted = false;
        while (true) {
            try {
                outbox.put(frames);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moves queued messages to the I/O thread's pipe until the stop marker, which it passes on. */
    private void senderLoop(ZMQ.Socket outboxPush) {
        try {
            while (true) {
                List<byte[]> frames = outbox.take();
                for (int i = 0; i < frames.size(); i++) {
                    outboxPush.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
                if (frames == STOP_FRAMES) {
                    return;
                }
            }
        } catch (InterruptedException | ZMQException e) {
            if (!closed) {
                log().error("Kernel sender stopped: {}", e.toString());
            }
        } finally {
            outboxPush.close();
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
        synchronized (queueLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (senderThread != null) {
                putUninterruptibly(STOP_FRAMES);
            }
        }
        try {
            if (senderThread != null) {
                senderThread.join(3000);
            }
            if (ioThread != null) {
                ioThread.join(3000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
