package io.brokerbook.qpid;

import org.apache.qpid.server.model.Binding;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Connection;
import org.apache.qpid.server.model.Consumer;
import org.apache.qpid.server.model.Exchange;
import org.apache.qpid.server.model.LifetimePolicy;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.Session;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Qpid Broker-J's broker model as plain maps, one per object: what the kernel's {@code %rabbitmqctl list_*} tables
 * are made of. {@link #list} takes {@code broker}, {@code queues}, {@code exchanges}, {@code bindings},
 * {@code connections} or {@code consumers}.
 */
final class QpidModel {
    private final Supplier<SystemConfig<?>> system;

    QpidModel(Supplier<SystemConfig<?>> system) {
        this.system = system;
    }

    List<Map<String, Object>> list(String what) {
        return switch (what) {
            case "broker" -> List.of(broker());
            case "queues" -> queues();
            case "exchanges" -> exchanges();
            case "bindings" -> bindings();
            case "connections" -> connections();
            case "consumers" -> consumers();
            default -> throw new IllegalArgumentException("unknown list '" + what + "'");
        };
    }

    private Broker<?> brokerModel() {
        SystemConfig<?> s = system.get();
        if (s == null) {
            throw new IllegalStateException("Qpid Broker-J is not running");
        }
        return (Broker<?>) s.getContainer(Broker.class);
    }

    private VirtualHost<?> virtualHost() {
        for (VirtualHostNode<?> node : brokerModel().getVirtualHostNodes()) {
            if (node.getVirtualHost() != null) {
                return node.getVirtualHost();
            }
        }
        throw new IllegalStateException("Qpid Broker-J has no active virtual host");
    }

    /**
     * Null when the ports and the virtual host serve, else what does not: {@code port 'AMQP' (5672) is ERRORED},
     * {@code virtual host node 'default' is ERRORED}.
     */
    String notServing() {
        // a port Qpid could not bind (PRT-1009: taken by another program) is ERRORED while the broker says it is ready
        for (Port<?> port : brokerModel().getPorts()) {
            if (!"ACTIVE".equals(port.getState().name())) {
                return "port '" + port.getName() + "' (" + port.getPort() + ") is " + port.getState().name();
            }
        }
        for (VirtualHostNode<?> node : brokerModel().getVirtualHostNodes()) {
            VirtualHost<?> host = node.getVirtualHost();
            if (host == null || !"ACTIVE".equals(host.getState().name())) {
                return "virtual host node '" + node.getName() + "' is " + node.getState().name();
            }
        }
        return null;
    }

    Map<String, Object> broker() {
        Broker<?> b = brokerModel();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", b.getProductVersion());
        m.put("state", b.getState().name());
        m.put("virtualhost", virtualHost().getName());
        return m;
    }

    private List<Map<String, Object>> queues() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Queue<?> q : virtualHost().getChildren(Queue.class)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", q.getName());
            m.put("type", q.getType());
            m.put("durable", q.isDurable());
            m.put("auto_delete", q.getLifetimePolicy() != LifetimePolicy.PERMANENT);
            m.put("exclusive", q.getExclusive() != null && !"NONE".equals(q.getExclusive().name()));
            m.put("maximum_queue_depth_messages", q.getMaximumQueueDepthMessages());
            m.put("overflow_policy", q.getOverflowPolicy() == null ? "" : q.getOverflowPolicy().name());
            m.put("messages", (long) q.getQueueDepthMessages());
            m.put("messages_ready", (long) q.getAvailableMessages());
            m.put("messages_unacknowledged", q.getUnacknowledgedMessages());
            m.put("consumers", (long) q.getConsumerCount());
            m.put("state", q.getState().name());
            rows.add(m);
        }
        return rows;
    }

    private List<Map<String, Object>> exchanges() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Exchange<?> x : virtualHost().getChildren(Exchange.class)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", x.getName());
            m.put("type", x.getType());
            m.put("durable", x.isDurable());
            m.put("auto_delete", x.isAutoDelete());
            rows.add(m);
        }
        return rows;
    }

    private List<Map<String, Object>> bindings() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Exchange<?> x : virtualHost().getChildren(Exchange.class)) {
            for (Binding b : x.getBindings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source_name", x.getName());
                m.put("destination_name", b.getDestination());
                m.put("routing_key", b.getBindingKey());
                Map<String, String> arguments = new TreeMap<>();
                if (b.getArguments() != null) {
                    b.getArguments().forEach((k, v) -> arguments.put(k, String.valueOf(v)));
                }
                m.put("arguments", arguments);
                rows.add(m);
            }
        }
        return rows;
    }

    private List<Map<String, Object>> connections() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Connection<?> c : virtualHost().getConnections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.getName());
            m.put("user", c.getPrincipal() == null ? "" : c.getPrincipal());
            m.put("remote_address", c.getRemoteAddress() == null ? "" : c.getRemoteAddress());
            m.put("state", c.getState().name());
            m.put("channels", (long) c.getSessionCount());
            m.put("protocol", c.getProtocol() == null ? "" : c.getProtocol().name());
            m.put("client_id", c.getClientId() == null ? "" : c.getClientId());
            m.put("client_product", c.getClientProduct() == null ? "" : c.getClientProduct());
            rows.add(m);
        }
        return rows;
    }

    private List<Map<String, Object>> consumers() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Queue<?> q : virtualHost().getChildren(Queue.class)) {
            for (Consumer<?, ?> c : q.getConsumers()) {
                Session<?> session = c.getSession();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("queue_name", q.getName());
                m.put("channel", session == null ? "" : session.getParent().getName() + " (" + session.getChannelId() + ")");
                m.put("consumer_tag", c.getName());
                m.put("settlement_mode", c.getSettlementMode() == null ? "" : c.getSettlementMode());
                m.put("active", c.isActive());
                m.put("exclusive", c.isExclusive());
                rows.add(m);
            }
        }
        return rows;
    }
}
