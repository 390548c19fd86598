package io.brokerbook.cluster.lb;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates JDK HTTP servers bound to 127.0.0.1 only, and the bounded executors they run on. */
final class LoopbackServers {
    private static final int NEXT_FREE_TRIES = 100;
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body separately; with Nagle on, every keep-alive
        // response then waits ~40 ms for a delayed ACK. Read once, when the first server starts,
        // so the kernelspec sets it too (-Dsun.net.httpserver.nodelay=true).
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private LoopbackServers() {
    }

    /**
     * Binds {@code port} on 127.0.0.1 (0 = any free port). With {@code nextFreeIfBusy}, a busy
     * port moves on to the next one; otherwise a busy port is a one-line {@link LbException}.
     */
    static HttpServer bind(String what, int port, boolean nextFreeIfBusy) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int tries = nextFreeIfBusy && port > 0 ? NEXT_FREE_TRIES : 1;
        for (int i = 0; i < tries && port + i <= 65535; i++) {
            try {
                return HttpServer.create(new InetSocketAddress(loopback, port == 0 ? 0 : port + i), 1024);
            } catch (BindException e) {
                if (!nextFreeIfBusy) {
                    throw new LbException(what + ": port " + port + " on 127.0.0.1 is already in use; choose another"
                        + " one (or leave the port out to take the next free one)");
                }
            } catch (IOException e) {
                throw new LbException(what + ": cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
            }
        }
        throw new LbException(what + ": no free port on 127.0.0.1 from " + port + " to " + (port + tries - 1));
    }

    /** A fixed-size pool whose idle threads die, with a bounded queue; a full queue makes the caller wait by running it. */
    static ExecutorService executor(String namePrefix, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, namePrefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue), tf, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Stops the pool and waits briefly so no thread outlives its owner. */
    static void shutdown(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
