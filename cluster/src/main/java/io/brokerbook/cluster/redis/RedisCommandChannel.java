package io.brokerbook.cluster.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one connection {@code %redis} commands run on, like a redis-cli session: state such as
 * SELECT, AUTH or HELLO 3 sticks to it. Opened on first use and reopened after it breaks;
 * a waiting command can be broken off from another thread with {@link #abort()}.
 */
final class RedisCommandChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCommandChannel.class);

    private final RedisEndpoint endpoint;
    private final Function<JedisException, RuntimeException> translate;
    private final Object lock = new Object();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile RedisReplyConnection inFlight;
    private RedisReplyConnection connection;

    /** @param translate turns a jedis failure into the one-line error to throw */
    RedisCommandChannel(RedisEndpoint endpoint, Function<JedisException, RuntimeException> translate) {
        this.endpoint = endpoint;
        this.translate = translate;
    }

    RedisReply execute(List<String> words) {
        requireCommand(words);
        synchronized (lock) {
            RedisReplyConnection conn = begin();
            try {
                RedisReply reply = conn.execute(words);
                if (words.get(0).equalsIgnoreCase("QUIT") || words.get(0).equalsIgnoreCase("RESET")) {
                    discard();
                }
                return reply;
            } catch (JedisException e) {
                discard();
                throw failure(e);
            } finally {
                inFlight = null;
            }
        }
    }

    /** Sends the command, then hands every reply to {@code sink} until aborted or an error reply. */
    void stream(List<String> words, Consumer<RedisReply> sink) {
        requireCommand(words);
        synchronized (lock) {
            RedisReplyConnection conn = begin();
            try {
                conn.send(words);
                while (true) {
                    RedisReply reply = conn.readReply();
                    sink.accept(reply);
                    if (reply.isError()) {
                        return;
                    }
                }
            } catch (JedisException e) {
                if (!aborted.get()) {
                    throw failure(e);
                }
            } finally {
                inFlight = null;
                discard(); // it is in subscriber/monitor mode now
            }
        }
    }

    /** Breaks off the command waiting in {@link #execute} or {@link #stream}, if any. */
    void abort() {
        RedisReplyConnection conn = inFlight;
        if (conn != null) {
            aborted.set(true);
            try {
                conn.forceDisconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Disconnecting the command connection", e);
            }
        }
    }

    private RedisReplyConnection begin() {
        if (connection == null || connection.isBroken() || !connection.isConnected()) {
            discard();
            try {
                connection = new RedisReplyConnection(endpoint.hostAndPort(), endpoint.resp2ClientConfig());
            } catch (JedisException e) {
                throw translate.apply(e);
            }
        }
        aborted.set(false);
        inFlight = connection;
        return connection;
    }

    private RuntimeException failure(JedisException e) {
        if (aborted.get()) {
            return new RedisLabException("Interrupted; the command was abandoned (the connection is reopened on the next command).", e);
        }
        return translate.apply(e);
    }

    private static void requireCommand(List<String> words) {
        if (words == null || words.isEmpty() || words.get(0).isBlank()) {
            throw new RedisLabException("No Redis command given, e.g. SET greeting hola.");
        }
    }

    private void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the command connection", e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        abort();
        synchronized (lock) {
            discard();
        }
    }
}
