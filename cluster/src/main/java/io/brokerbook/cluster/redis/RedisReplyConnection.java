package io.brokerbook.cluster.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.PushConsumerChain;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.RedisInputStream;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A jedis {@link Connection} that sends any command as a raw {@link ProtocolCommand} and returns
 * the reply with its RESP type kept ({@link RedisReply}). Jedis does the connecting, AUTH, SELECT
 * and the writing; only reading the reply of our own commands uses {@link RespReader}.
 * Not thread-safe: one command at a time (the lab serialises callers).
 */
final class RedisReplyConnection extends Connection {
    /** False during jedis's own handshake, whose replies jedis must parse itself. */
    private boolean typedReplies;

    RedisReplyConnection(HostAndPort address, JedisClientConfig config) {
        super(address, config);
    }

    @Override
    protected Object protocolRead(RedisInputStream is, PushConsumerChain chain) {
        return typedReplies ? RespReader.read(is) : super.protocolRead(is, chain);
    }

    /** Sends {@code words} (command name first) and waits, without a read timeout, for its reply. */
    RedisReply execute(List<String> words) {
        send(words);
        return readReply();
    }

    void send(List<String> words) {
        byte[][] args = new byte[words.size() - 1][];
        for (int i = 1; i < words.size(); i++) {
            args[i - 1] = words.get(i).getBytes(StandardCharsets.UTF_8);
        }
        sendCommand(new RawCommand(words.get(0).getBytes(StandardCharsets.UTF_8)), args);
    }

    /** Reads the next reply (also the next message after SUBSCRIBE or MONITOR). */
    RedisReply readReply() {
        setTimeoutInfinite();
        typedReplies = true;
        try {
            return (RedisReply) getOne();
        } finally {
            typedReplies = false;
            if (!isBroken() && isConnected()) {
                rollbackTimeout();
            }
        }
    }

    private record RawCommand(byte[] raw) implements ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }
}
