package io.brokerbook.cluster.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HiveMQ CE 2025.5 (embedded) in a child JVM with this JVM's java: the lab's MQTT broker when mosquitto is not
 * installed. Chosen over Moquette 0.17 on measurements (see README "MQTT"): Moquette starts faster and lighter but
 * delivers retained messages with retained=false, and its netty 4.1.93 / Jackson 2.8 clash with the kernel's.
 * Its config matches mosquitto's ({@link MqttLab#config}): one listener on 127.0.0.1, anonymous clients, a queue of
 * {@value MqttLab#MAX_QUEUED_MESSAGES} messages per client, persistence (file mode) only with a data dir.
 */
record HiveMqServer(HiveMqRuntime runtime) implements MqttServer {
    static final String NAME = "HiveMQ CE";
    /** Printed by the child's main once its listener serves (io.brokerbook.mqttbroker.HiveMqBrokerMain.READY). */
    static final String READY = "Brokerbook MQTT broker ready";

    @Override
    public String name() {
        return NAME;
    }

    static String config(int port, boolean persistent) {
        return """
            <?xml version="1.0"?>
            <!-- Written by Brokerbook's MQTT lab -->
            <hivemq>
              <listeners>
                <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
              </listeners>
              <mqtt>
                <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
              </mqtt>
              <persistence><mode>%s</mode></persistence>
              <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
            </hivemq>
            """.formatted(port, MqttLab.MAX_QUEUED_MESSAGES, persistent ? "file" : "in-memory");
    }

    /** Console only (the supervisor writes it to the lab's log); HiveMQ's default would add files in its home. */
    static final String LOGBACK = """
        <configuration>
          <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level - %msg%n%ex{short}</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="CONSOLE"/></root>
        </configuration>
        """;

    @Override
    public List<String> prepare(Path runDir, int port, Path dataDir) throws IOException {
        Path conf = Files.createDirectories(runDir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), config(port, dataDir != null));
        Files.writeString(conf.resolve("logback.xml"), LOGBACK);
        Path data = dataDir != null ? dataDir.toAbsolutePath() : Files.createDirectories(runDir.resolve("data"));
        Path extensions = Files.createDirectories(runDir.resolve("extensions"));
        int java = Runtime.version().feature();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            "-Djava.net.preferIPv4Stack=true", // else netty listens on ::ffff:127.0.0.1 (tcp6)
            "-Dhivemq.home=" + runDir, "-Dhivemq.log.folder=" + runDir.resolve("log"),
            // only a file store needs HiveMQ's orderly stop (seconds); in memory, SIGTERM may end it at once
            "-Dbrokerbook.cleanStop=" + (dataDir != null)));
        // no class-data archive of its own (as Kafka3Runtime has): the harness starts two of these JVMs at once,
        // and two JVMs exiting together would write the same archive
        if (java >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED"); // jna, rocksdb
        }
        if (java >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // guava, netty 4.1
        }
        command.addAll(List.of("-cp", runtime.classpath(), HiveMqRuntime.MAIN_CLASS,
            conf.toString(), data.toString(), extensions.toString()));
        return command;
    }

    @Override
    public boolean isReady(String line) {
        return line.contains(READY);
    }

    @Override
    public String version(List<String> lines) {
        return lines.stream().filter(l -> l.contains(READY)).map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .findFirst().orElse("?");
    }

    @Override
    public String origin() {
        return "(in-JVM broker: a child JVM on java " + Runtime.version().feature() + ")";
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(120);
    }

    @Override
    public boolean tellsNothing(String line) {
        return line.contains(" INFO ") || isReady(line);
    }
}
