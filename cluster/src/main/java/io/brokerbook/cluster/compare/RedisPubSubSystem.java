package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisServerOptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Redis PUBLISH / SUBSCRIBE: fire and forget to whoever is subscribed now; no groups, nothing stored. */
final class RedisPubSubSystem implements MessagingSystem {
    private final RedisServerOptions options;
    private RedisLab lab;
    /** One connection of its own, as a publishing service has (the lab's pooled client borrows one per call). */
    private Jedis publisher;
    /** The key of the channel last published to (no concat per message). */
    private String lastChannel;
    private String lastKey;

    RedisPubSubSystem(RedisServerOptions options) {
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
        return "Redis pub/sub";
    }

    @Override
    public synchronized void publish(String channel, String payload) {
        if (!channel.equals(lastChannel)) {
            lastKey = "exp:" + channel;
            lastChannel = channel;
        }
        publisher.publish(lastKey, payload);
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        Jedis connection = new Jedis(lab.endpoint().hostAndPort(), DefaultJedisClientConfig.builder().socketTimeoutMillis(0).build());
        ReceivedQueue received = new ReceivedQueue(keep);
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String ch, String message) {
                received.add(message);
            }

            @Override
            public void onSubscribe(String ch, int count) {
                subscribed.countDown();
            }
        };
        Thread thread = new Thread(() -> {
            try {
                connection.subscribe(listener, "exp:" + channel);
            } catch (RuntimeException e) {
                subscribed.countDown(); // closed, or the server went away
            }
        }, "exp-redis-sub");
        thread.setDaemon(true);
        thread.start();
        Experiments.await(subscribed, "Redis SUBSCRIBE");
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
                if (listener.isSubscribed()) {
                    listener.unsubscribe();
                }
                Experiments.join(thread);
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
