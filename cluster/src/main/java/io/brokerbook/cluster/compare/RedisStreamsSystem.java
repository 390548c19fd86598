package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisServerOptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Redis Streams: XADD stores every entry; consumer groups (XREADGROUP, XACK) remember where each group is. */
final class RedisStreamsSystem implements MessagingSystem {
    private final RedisServerOptions options;
    private RedisLab lab;
    /** One connection of its own, as a publishing service has (the lab's pooled client borrows one per call). */
    private Jedis publisher;
    /** The key of the channel last published to (no concat per message). */
    private String lastChannel;
    private String lastKey;
    private Map<String, String> lastFields = Map.of("payload", "");

    RedisStreamsSystem(RedisServerOptions options) {
        this.options = options;
        start(options);
    }

    private void start(RedisServerOptions with) {
        lab = RedisLab.start(with);
        publisher = new Jedis(lab.endpoint().hostAndPort(), lab.endpoint().clientConfig());
    }

    @Override
    public String address() {
        return lab.host() + ":" + lab.port();
    }

    @Override
    public String name() {
        return "Redis Streams";
    }

    @Override
    public synchronized void publish(String channel, String payload) {
        if (!channel.equals(lastChannel)) {
            lastKey = "exp:" + channel;
            lastChannel = channel;
        }
        Map<String, String> fields = lastFields;
        if (fields.get("payload") != payload) { // one payload sent many times (throughput): one map, as a producer has
            fields = Map.of("payload", payload);
            lastFields = fields;
        }
        publisher.xadd(lastKey, StreamEntryID.NEW_ENTRY, fields);
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        String key = "exp:" + channel;
        try {
            lab.jedis().xgroupCreate(key, group, fromBeginning ? new StreamEntryID() : StreamEntryID.XGROUP_LAST_ENTRY, true);
        } catch (JedisDataException e) {
            if (!e.getMessage().startsWith("BUSYGROUP")) { // the group exists: it goes on where it was
                throw e;
            }
        }
        Jedis connection = new Jedis(lab.endpoint().hostAndPort(), DefaultJedisClientConfig.builder().socketTimeoutMillis(0).build());
        ReceivedQueue received = new ReceivedQueue(keep);
        String consumer = member == null ? "c" : member;
        Thread thread = new Thread(() -> {
            XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(100).block(100);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var batches = connection.xreadGroup(group, consumer, params, Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                    if (batches == null) {
                        continue;
                    }
                    for (var batch : batches) {
                        for (StreamEntry entry : batch.getValue()) {
                            received.add(entry.getFields().get("payload"));
                            connection.xack(key, group, entry.getID());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // closed, or the server went away: the subscriber is offline
            }
        }, "exp-redis-stream");
        thread.setDaemon(true);
        thread.start();
        return new Subscriber() {
            @Override
            public List<Received> received(Duration quiet, int enough) {
                return received.drain(quiet, enough);
            }

            @Override
            public Tally tally(Duration quiet, int enough) {
                return received.tally(quiet, enough);
            }

            @Override
            public void close() {
                thread.interrupt();
                Experiments.join(thread); // XREADGROUP blocks at most 100 ms
                connection.close();
            }
        };
    }

    @Override
    public synchronized void restartBroker() {
        publisher.close();
        lab.stop();
        start(options.withPort(lab.port()));
    }

    @Override
    public synchronized void close() {
        publisher.close();
        lab.stop();
    }
}
