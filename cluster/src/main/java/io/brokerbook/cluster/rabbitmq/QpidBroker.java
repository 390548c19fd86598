package io.brokerbook.cluster.rabbitmq;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.process.SupervisedProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Qpid Broker-J 9.2 as an AMQP 0-9-1 broker on 127.0.0.1 in a supervised child JVM ({@link QpidRuntime}'s
 * classpath, on a {@link QpidJava}): the lab's server where no rabbitmq-server is installed. Its store is in memory,
 * or in Derby under a data dir; its work files and log are in the launch's run dir, which its supervisor removes if
 * this JVM dies; the lab's {@link io.brokerbook.cluster.process.ChildServer} stops it. The broker model is read over the child's loopback inspection socket ({@link #list}), a few
 * milliseconds a question.
 */
final class QpidBroker {
    static final String STORE_DIR = "qpid-derby-store";
    /** Printed by the child once it serves (io.brokerbook.qpid.QpidBrokerMain.READY), with the version and inspection port. */
    static final String READY = "Brokerbook Qpid broker ready";
    static final String TOKEN_VARIABLE = "BROKERBOOK_QPID_TOKEN";
    private static final String VIRTUAL_HOST = "default";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int INSPECTION_TIMEOUT_MS = 10_000;
    private static final int LOG_LINES = 3;
    /**
     * The child JVM's flags, chosen for start time (measured: ~3 s to ready instead of ~10 s with the JVM's
     * defaults on a loaded 2-core machine): C1 only, the serial collector, a small initial heap.
     */
    static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-Xss512k", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true");

    private final SupervisedProcess process;
    private final QpidJava java;
    private final String token;
    private final int inspectionPort;
    private final String version;
    private final Duration startTime;

    private QpidBroker(SupervisedProcess process, QpidJava java, String token, int inspectionPort, String version,
                       Duration startTime) {
        this.process = process;
        this.java = java;
        this.token = token;
        this.inspectionPort = inspectionPort;
        this.version = version;
        this.startTime = startTime;
    }

    /**
     * Starts the broker through {@code launch} on 127.0.0.1 (the launch's port) with one user and waits until it
     * serves; {@code storeDir} null keeps everything in memory, else Derby keeps durable queues, exchanges, bindings
     * and persistent messages there. A failure is one line (the launch then gives up the child JVM).
     */
    static QpidBroker start(QpidRuntime runtime, QpidJava java, ChildServerStart.Launch launch, String user,
                            String password, Path storeDir) throws IOException {
        Path runDir = launch.runDir();
        int port = launch.port().port();
        Path work = Files.createDirectories(runDir.resolve("work"));
        Path initial = runDir.resolve("initial-config.json");
        Files.writeString(initial, initialConfig(port, user, password, storeDir), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(JVM_FLAGS);
        if (java.feature() >= 18) {
            command.add("-Djava.security.manager=allow"); // else Subject.getSubject throws (Java 23) or warns
        }
        command.addAll(List.of("-cp", runtime.classpath(), QpidRuntime.MAIN_CLASS, initial.toString(), work.toString()));
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        SupervisedProcess process = launch.launch(command, Map.of(TOKEN_VARIABLE, token), runDir.resolve("qpid.log"),
            line -> line.startsWith(READY));
        Duration took = launch.awaitReady("Qpid Broker-J", START_TIMEOUT,
            lines -> "last log lines: " + String.join(" | ", stripped(lines, LOG_LINES)),
            QpidBroker::saysPortTaken, RabbitLabException::new);
        // "Brokerbook Qpid broker ready: Qpid Broker-J 9.2.1 inspection 40123"
        String ready = process.ready().join();
        String[] words = ready.strip().split(" ");
        int inspection;
        try {
            inspection = Integer.parseInt(words[words.length - 1]);
        } catch (NumberFormatException e) {
            throw new RabbitLabException("Qpid Broker-J's child JVM said '" + ready + "' (no inspection port); rebuild "
                + QpidRuntime.IN_CHECKOUT + " with ./install.sh.");
        }
        String version = words.length >= 4 ? words[words.length - 3] : "?";
        return new QpidBroker(process, java, token, inspection, version, took);
    }

    /** Qpid's lines for an AMQP port another program bound first (its log message PRT-1009, its exceptions). */
    static boolean saysPortTaken(String line) {
        return line.contains("PRT-1009") || line.contains("PortBindFailureException")
            || line.contains("Port is already is use"); // sic, Qpid's AbstractPort
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

    /**
     * The last {@code n} log lines without stack traces, each from its level on: "08:45:37.629 INFO  [Broker-Config]
     * qpid.message.broker.ready [Broker] BRK-1004 : Qpid Broker Ready" → "INFO  [Broker-Config] …".
     */
    static List<String> stripped(List<String> lines, int n) {
        List<String> kept = lines.stream().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...") && !l.startsWith("Caused by:")) // stack traces
            .map(l -> {
            int space = l.indexOf(' ');
            return space == 12 && l.charAt(2) == ':' ? l.substring(space + 1).strip() : l;
        }).toList();
        return kept.subList(Math.max(0, kept.size() - n), kept.size());
    }

    String version() {
        return version;
    }

    QpidJava java() {
        return java;
    }

    Duration startTime() {
        return startTime;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lastLines(int n) {
        return stripped(process.recentLines(), n);
    }

    /** One map per object of Qpid's broker model: queues, exchanges, bindings, connections, consumers. */
    List<Map<String, Object>> list(String what) {
        String reply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", inspectionPort), INSPECTION_TIMEOUT_MS);
            socket.setSoTimeout(INSPECTION_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write((token + " " + what + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new RabbitLabException("Cannot ask Qpid Broker-J (pid " + pid() + ") for its " + what + ": "
                + LabException.oneLine(e) + (isAlive() ? "" : "; it has exited") + ".", e);
        }
        Reply parsed;
        try {
            parsed = reply == null ? null : new Gson().fromJson(reply, Reply.class);
        } catch (JsonParseException e) {
            parsed = null;
        }
        if (parsed == null || parsed.rows == null) {
            throw new RabbitLabException("Qpid Broker-J cannot list its " + what + ": "
                + (parsed != null && parsed.error != null ? parsed.error : "no answer") + ".");
        }
        return parsed.rows;
    }

    /** The inspection socket's JSON line. */
    private static final class Reply {
        List<Map<String, Object>> rows;
        String error;
    }
}
