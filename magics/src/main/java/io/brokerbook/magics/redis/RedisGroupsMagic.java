package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.redis.RedisStreamConsumer;
import io.brokerbook.cluster.redis.RedisStreamGroup;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;

/**
 * {@code %redis-groups STREAM}: a stream's consumer groups (XINFO GROUPS) and their consumers (XINFO CONSUMERS) as
 * tables, the Redis Streams counterpart of {@code %kafka-consumer-groups --describe}.
 */
final class RedisGroupsMagic {
    static final ArgSpec SPEC = ArgSpec.named("redis-groups",
            "Show a stream's consumer groups (pending, last delivered id, lag) and their consumers as tables.")
        .positional("STREAM", "The stream's key, e.g. orders (made with XADD, groups with XGROUP CREATE).");

    private final RedisSession session;

    RedisGroupsMagic(RedisSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> args, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        if (p.positionals().size() != 1) {
            throw new MagicException("redis-groups: give one STREAM key, e.g. %redis-groups orders.");
        }
        String key = p.positionals().get(0);
        Rows<RedisStreamGroup> groups = session.use(lab -> lab.streamGroups(key));
        if (groups.isEmpty()) {
            ctx.out().println("Stream '" + key + "' has no consumer groups; create one with XGROUP CREATE " + key + " GROUP $.");
            return;
        }
        ctx.display(RecordTable.of(groups));
        Rows<RedisStreamConsumer> consumers = session.use(lab -> lab.streamConsumers(key));
        if (!consumers.isEmpty()) {
            ctx.display(RecordTable.of(consumers));
        }
    }
}
