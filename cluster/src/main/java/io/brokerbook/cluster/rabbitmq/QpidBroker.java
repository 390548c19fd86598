package io.brokerbook.cluster.rabbitmq;

import com.google.gson.Gson;
import io.brokerbook.cluster.lab.LabException;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Apache Qpid Broker-J 9.2 running inside this JVM as an AMQP 0-9-1 broker on 127.0.0.1: the lab's server where no
 * rabbitmq-server is installed. It runs in a class loader of its own ({@link QpidRuntime}), keeps its work files and
 * its log in {@code runDir}, and its store in memory, or in Derby under a data dir. Being in-JVM, it dies with the
 * kernel; {@link #close()} shuts it down and lets its threads end.
 */
final class QpidBroker implements AutoCloseable {
    static final String STORE_DIR = "qpid-derby-store";
    private static final String VIRTUAL_HOST = "default";

    private final URLClassLoader loader;
    private final AutoCloseable bridge;
    private final Function<String, List<Map<String, Object>>> model;
    private final Path logFile;
    private final Duration startTime;
    private final String version;
    private volatile boolean closed;

    private QpidBroker(URLClassLoader loader, Object bridge, Path logFile, Duration startTime) {
        this.loader = loader;
        this.bridge = (AutoCloseable) bridge;
        @SuppressWarnings("unchecked")
        Function<String, List<Map<String, Object>>> m = (Function<String, List<Map<String, Object>>>) bridge;
        this.model = m;
        this.logFile = logFile;
        this.startTime = startTime;
        this.version = String.valueOf(m.apply("broker").get(0).get("version"));
    }

    /**
     * Starts the broker on 127.0.0.1:{@code port} with one user; {@code storeDir} null keeps everything in memory,
     * else Derby keeps durable queues, exchanges, bindings and persistent messages there.
     */
    static QpidBroker start(QpidRuntime runtime, int port, String user, String password, Path storeDir, Path runDir) {
        Path logFile = runDir.resolve("qpid.log");
        Map<String, String> config = new LinkedHashMap<>();
        try {
            Path work = Files.createDirectories(runDir.resolve("work"));
            Path initial = runDir.resolve("initial-config.json");
            Files.writeString(initial, initialConfig(port, user, password, storeDir), StandardCharsets.UTF_8);
            Path properties = runDir.resolve("system.properties");
            Files.writeString(properties, "");
            config.put("initialConfig", initial.toUri().toString());
            config.put("systemProperties", properties.toUri().toString());
            config.put("workDir", work.toString());
            config.put("logFile", logFile.toString());
        } catch (IOException e) {
            throw new RabbitLabException("Cannot write Qpid Broker-J's configuration in " + runDir + ": " + e.getMessage(), e);
        }
        URLClassLoader loader = runtime.newLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        long begin = System.nanoTime();
        thread.setContextClassLoader(loader); // the threads Qpid starts inherit it
        try {
            Object bridge = loader.loadClass(QpidRuntime.BRIDGE_CLASS).getConstructor(Map.class).newInstance(config);
            return new QpidBroker(loader, bridge, logFile, Duration.ofNanos(System.nanoTime() - begin));
        } catch (InvocationTargetException e) {
            closeLoader(loader);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RabbitLabException("Qpid Broker-J did not start on 127.0.0.1:" + port + ": " + rootMessage(cause)
                + lastLinesNote(logFile), cause);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            closeLoader(loader);
            throw new RabbitLabException("The in-JVM Qpid Broker-J in " + runtime.lib() + " is incomplete: "
                + LabException.oneLine(e) + "; rebuild it with ./install.sh.", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return LabException.oneLine(root);
    }

    private static String lastLinesNote(Path logFile) {
        List<String> last = lastLines(logFile, 3);
        return last.isEmpty() ? "" : "; last log lines: " + String.join(" | ", last);
    }

    /** Qpid's initial configuration: one AMQP 0-9-1 port on loopback, a Plain user, one virtual host node. */
    static String initialConfig(int port, String user, String password, Path storeDir) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", VIRTUAL_HOST);
        node.put("defaultVirtualHostNode", true);
        if (storeDir == null) {
            node.put("type", "Memory");
            node.put("virtualHostInitialConfiguration", "{\"type\": \"Memory\"}");
        } else {
            node.put("type", "DERBY");
            node.put("storePath", storeDir.toAbsolutePath().toString());
            node.put("virtualHostInitialConfiguration", "{\"type\": \"ProvidedStore\"}");
        }
        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("name", "brokerbook");
        broker.put("modelVersion", "9.1");
        broker.put("authenticationproviders", List.of(Map.of(
            "name", "plain", "type", "Plain",
            "secureOnlyMechanisms", List.of(), // the RabbitMQ client's PLAIN over a plain loopback socket
            "users", List.of(Map.of("name", user, "type", "managed", "password", password)))));
        broker.put("ports", List.of(Map.of(
            "name", "AMQP", "port", port, "bindingAddress", "127.0.0.1",
            "protocols", List.of("AMQP_0_9_1"), "authenticationProvider", "plain",
            // "/" (the RabbitMQ client's default vhost) reaches the default node through defaultAlias
            "virtualhostaliases", List.of(Map.of("name", "nameAlias", "type", "nameAlias"),
                Map.of("name", "defaultAlias", "type", "defaultAlias")))));
        broker.put("virtualhostnodes", List.of(node));
        return new Gson().toJson(broker);
    }

    String version() {
        return version;
    }

    Duration startTime() {
        return startTime;
    }

    Path logFile() {
        return logFile;
    }

    boolean isRunning() {
        return !closed;
    }

    /** One map per object of Qpid's broker model: queues, exchanges, bindings, connections, consumers. */
    List<Map<String, Object>> list(String what) {
        if (closed) {
            throw new RabbitLabException("Qpid Broker-J was stopped; start it again with %rabbitmq start.");
        }
        try {
            return model.apply(what);
        } catch (RuntimeException e) {
            throw new RabbitLabException("Qpid Broker-J cannot list its " + what + ": " + LabException.oneLine(e), e);
        }
    }

    List<String> lastLines(int n) {
        return lastLines(logFile, n);
    }

    private static List<String> lastLines(Path file, int n) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Shuts the broker down (closing its connections and stores) and closes its class loader. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            bridge.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(QpidBroker.class).warn("Qpid Broker-J's shutdown", e);
        } finally {
            closeLoader(loader);
        }
    }

    private static void closeLoader(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(QpidBroker.class).debug("Closing Qpid's class loader", e);
        }
    }
}
