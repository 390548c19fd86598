package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * rabbitmqctl's list tables read from Qpid Broker-J's own broker model, which its child JVM answers on a loopback
 * socket ({@link QpidBroker#list}; no HTTP: Qpid's management plugin is not part of the fallback). Columns Qpid has
 * no counterpart for hold "-" (absent) and each table's title says so; nothing is made up: Qpid does not report a queue's memory or persistent-message count, a consumer's prefetch,
 * its default exchange or the default exchange's implicit bindings.
 */
final class QpidInspection {
    static final String NOT_REPORTED = "Qpid Broker-J; - = not reported by Qpid";

    private final QpidBroker broker;

    QpidInspection(QpidBroker broker) {
        this.broker = broker;
    }

    Rows<QueueInfo> queues() {
        List<QueueInfo> rows = new ArrayList<>();
        for (Map<String, Object> q : broker.list("queues")) {
            long max = number(q, "maximum_queue_depth_messages");
            String arguments = max >= 0 ? "[{x-max-length," + max + "}]" : "[]";
            rows.add(new QueueInfo(text(q, "name"), "qpid " + text(q, "type"), flag(q, "durable"), flag(q, "auto_delete"),
                flag(q, "exclusive"), arguments, OptionalLong.of(number(q, "messages")),
                OptionalLong.of(number(q, "messages_ready")), OptionalLong.of(number(q, "messages_unacknowledged")),
                OptionalLong.empty(), OptionalLong.of(number(q, "consumers")), OptionalLong.empty(),
                state(text(q, "state")), ""));
        }
        return Rows.of("queues (" + NOT_REPORTED + ")", rows);
    }

    Rows<ExchangeInfo> exchanges() {
        List<ExchangeInfo> rows = new ArrayList<>();
        for (Map<String, Object> x : broker.list("exchanges")) {
            rows.add(new ExchangeInfo(text(x, "name"), text(x, "type"), flag(x, "durable"), flag(x, "auto_delete"), false, "[]"));
        }
        return Rows.of("exchanges (Qpid Broker-J: its default exchange routes by queue name but is not listed)", rows);
    }

    Rows<BindingInfo> bindings() {
        List<BindingInfo> rows = new ArrayList<>();
        for (Map<String, Object> b : broker.list("bindings")) {
            Object args = b.get("arguments");
            String arguments = args instanceof Map<?, ?> m && !m.isEmpty() ? argumentList(m) : "[]";
            rows.add(new BindingInfo(text(b, "source_name"), "exchange", text(b, "destination_name"), "queue",
                text(b, "routing_key"), arguments));
        }
        return Rows.of("bindings (Qpid Broker-J: the default exchange's implicit bindings are not listed)", rows);
    }

    Rows<ConnectionInfo> connections() {
        List<ConnectionInfo> rows = new ArrayList<>();
        for (Map<String, Object> c : broker.list("connections")) {
            String remote = text(c, "remote_address");
            int colon = remote.lastIndexOf(':');
            String host = colon < 0 ? remote : remote.substring(0, colon);
            long port = colon < 0 ? 0 : Long.parseLong(remote.substring(colon + 1));
            if (host.startsWith("/")) {
                host = host.substring(1);
            }
            String client = text(c, "client_product") + (text(c, "client_id").isEmpty() ? "" : " " + text(c, "client_id"));
            rows.add(new ConnectionInfo(text(c, "name"), text(c, "user"), host, port, state(text(c, "state")),
                number(c, "channels"), protocol(text(c, "protocol")), client));
        }
        return Rows.of("connections (Qpid Broker-J)", rows);
    }

    Rows<ConsumerInfo> consumers() {
        List<ConsumerInfo> rows = new ArrayList<>();
        for (Map<String, Object> c : broker.list("consumers")) {
            String name = text(c, "consumer_tag");
            // Qpid names a 0-9-1 consumer connection|channel|consumer-tag
            String tag = name.substring(name.lastIndexOf('|') + 1);
            rows.add(new ConsumerInfo(text(c, "queue_name"), text(c, "channel"), tag, null, OptionalLong.empty(),
                flag(c, "active"), "[]"));
        }
        return Rows.of("consumers (" + NOT_REPORTED + ": ack_required, prefetch_count)", rows);
    }

    private static String state(String qpidState) {
        return "ACTIVE".equals(qpidState) ? "running" : qpidState.toLowerCase(Locale.ROOT);
    }

    private static String protocol(String qpidProtocol) {
        return "AMQP_0_9_1".equals(qpidProtocol) ? "AMQP 0-9-1" : qpidProtocol;
    }

    private static String argumentList(Map<?, ?> arguments) {
        List<String> parts = new ArrayList<>();
        arguments.forEach((k, v) -> parts.add("{" + k + "," + v + "}"));
        return "[" + String.join(",", parts) + "]";
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static boolean flag(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
