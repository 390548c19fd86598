package io.brokerbook.qpid;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Binding;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Connection;
import org.apache.qpid.server.model.Consumer;
import org.apache.qpid.server.model.Exchange;
import org.apache.qpid.server.model.LifetimePolicy;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.Session;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostNode;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs one Qpid Broker-J inside the class loader this bridge was loaded by, and answers questions about its
 * broker model with JDK types only (the kernel's side cannot see Qpid's classes): {@code apply("queues")} and the
 * other list names give one map per object, {@code apply("broker")} one map with the version and state.
 * {@link #close()} shuts the broker (and Derby, if it ran) down.
 */
public final class QpidBridge implements Function<String, List<Map<String, Object>>>, AutoCloseable {
    private final SystemLauncher launcher;
    private volatile SystemConfig<?> system;

    /**
     * @param config {@code initialConfig} (a file URL of the broker's initial configuration),
     *               {@code systemProperties} (a file URL of an empty properties file), {@code workDir}
     *               (Qpid's work dir) and {@code logFile} (all Qpid logging goes there)
     */
    public QpidBridge(Map<String, String> config) throws Exception {
        configureLogging(Path.of(config.get("logFile")));
        launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system = systemConfig;
            }
        });
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.get("initialConfig"));
        // Qpid copies this file into the JVM's system properties: an empty one, so the kernel's stay as they are
        attributes.put(SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION, config.get("systemProperties"));
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.QPID_WORK_DIR, config.get("workDir"));
        attributes.put("context", Map.of(SystemConfig.QPID_WORK_DIR, config.get("workDir"),
            "qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}"));
        try {
            launcher.startup(attributes);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Qpid logs through slf4j to this loader's own logback: a file, never the notebook's console. */
    private static void configureLogging(Path logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(file);
        context.getLogger("qpid.message").setLevel(Level.INFO); // Qpid's operational log: BRK-1004 Broker ready, …
    }

    @Override
    public List<Map<String, Object>> apply(String what) {
        return switch (what) {
            case "broker" -> List.of(broker());
            case "queues" -> queues();
            case "exchanges" -> exchanges();
            case "bindings" -> bindings();
            case "connections" -> connections();
            case "consumers" -> consumers();
            default -> throw new IllegalArgumentException("Unknown list: " + what);
        };
    }

    private Broker<?> brokerModel() {
        SystemConfig<?> s = system;
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

    private Map<String, Object> broker() {
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
                m.put("arguments", b.getArguments() == null ? Map.of() : new TreeMap<>(stringValues(b.getArguments())));
                rows.add(m);
            }
        }
        return rows;
    }

    private static Map<String, String> stringValues(Map<String, Object> arguments) {
        Map<String, String> m = new TreeMap<>();
        arguments.forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
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

    @Override
    public void close() {
        launcher.shutdown();
        shutDownDerby();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.stop();
    }

    /**
     * Qpid closes its Derby databases, but the embedded engine (booted as soon as Qpid's Derby plugin loads its
     * driver, even for a memory store) keeps a timer thread until it is shut down as a whole; its shutdown also
     * deregisters the driver, which would otherwise keep this class loader reachable from DriverManager.
     */
    private static void shutDownDerby() {
        boolean booted = false;
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            booted |= d.getClass().getClassLoader() == QpidBridge.class.getClassLoader();
        }
        if (!booted) {
            return;
        }
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true").close();
        } catch (SQLException expected) {
            // Derby reports a successful engine shutdown as SQLState XJ015
        }
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == QpidBridge.class.getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException e) {
                    LoggerFactory.getLogger(QpidBridge.class).warn("Cannot deregister {}", d, e);
                }
            }
        }
    }
}
