package io.brokerbook.magics.mqtt;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.mqtt.MqttLab;
import io.brokerbook.cluster.mqtt.MqttReceived;
import io.brokerbook.cluster.mqtt.MqttServerKind;
import io.brokerbook.cluster.mqtt.MqttServerOptions;
import io.brokerbook.cluster.mqtt.MqttTopic;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.lab.ServerPackLines;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code %mqtt start|stop|status|connect|pub|sub} and {@code %%mqtt pub TOPIC} (one message per line), with
 * mosquitto_pub / mosquitto_sub flag names where they exist.
 */
final class MqttMagic {
    static final ArgSpec SPEC = ArgSpec.named("mqtt",
            "Start, inspect, stop or connect to the lab's MQTT broker (mosquitto); publish and subscribe.")
        .subcommand("start", "Start Debian's mosquitto on 127.0.0.1 with a generated config (without it: HiveMQ CE in a child JVM).", s -> s
            .option("--port", "PORT", "TCP port on 127.0.0.1 (default 1883 if free, else the next free one).")
            .option("--server", "mosquitto|hivemq", "Which broker (default: mosquitto when installed, else hivemq, the in-JVM one).")
            .option("--data-dir", "DIR", "Persistence: keep retained messages and sessions in DIR across stop/start."))
        .subcommand("status", "Address and server of the lab's MQTT broker; how it ended if it crashed.")
        .subcommand("stop", "Stop the lab's broker (removing its temp files), or disconnect from an existing broker.")
        .subcommand("connect", "Use an existing MQTT broker instead of starting one.", s -> s
            .positional("URL", "tcp://host:port, e.g. tcp://127.0.0.1:1883"))
        .subcommand("pub", "Publish a message (mosquitto_pub).", s -> s
            .positional("TOPIC", "A literal topic, e.g. sensors/kitchen/temp (no wildcards).")
            .morePositionals("MESSAGE", "The message text (the words after the topic).")
            .option("--qos", "0|1|2", "Quality of service (default 0).")
            .alias("-q", "--qos")
            .flag("--retain", "The broker keeps it as the topic's last value and gives it to new subscribers.")
            .alias("-r", "--retain"))
        .subcommand("sub", "Subscribe and print what arrives (mosquitto_sub); interrupt the cell to stop.", s -> s
            .positional("FILTER", "A topic filter: + is one level, # the rest (sensors/+/temp, sensors/#).")
            .option("--qos", "0|1|2", "The highest QoS to receive with (default 0).")
            .alias("-q", "--qos")
            .option("--max-messages", "N", "Stop after N messages.")
            .alias("-C", "--max-messages")
            .option("--timeout-ms", "MS", "Stop when no message came for MS milliseconds.")
            .option("--client-id", "ID", "The client id (needed to find a persistent session again).")
            .alias("--id", "--client-id")
            .alias("-i", "--client-id")
            .flag("--no-clean-session", "Keep the session while away: QoS 1/2 messages are queued for this client id.")
            .alias("--disable-clean-session", "--no-clean-session")
            .alias("-c", "--no-clean-session"));

    private final LabSlot<MqttLab> slot;
    private final Path workDir;
    private final String searchPath;

    MqttMagic(LabSlot<MqttLab> slot, Path workDir, String searchPath) {
        this.slot = slot;
        this.workDir = workDir;
        this.searchPath = searchPath;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> args, MagicContext ctx) throws Exception {
        ParsedArgs p = SPEC.parse(args);
        PrintStream out = ctx.out();
        List<String> pos = p.positionals();
        switch (p.command()) {
            case "start" -> start(p, out);
            case "stop" -> out.println(stop());
            case "status" -> status(ctx);
            case "connect" -> {
                MqttLab lab = slot.connect(() -> MqttLab.connect(pos.get(0)));
                out.println("Connected to " + lab.url() + ".");
            }
            case "pub" -> {
                if (pos.size() < 2) {
                    throw new MagicException("mqtt pub: give the message after the topic, e.g. %mqtt pub sensors/kitchen/temp 21.5.");
                }
                String topic = pos.get(0);
                String message = String.join(" ", pos.subList(1, pos.size()));
                int qos = qos(p);
                boolean retain = p.has("--retain");
                int bytes = slot.use(lab -> lab.publish(topic, qos, retain, message));
                out.println("Published " + bytes + " bytes to \"" + topic + "\" (QoS " + qos + (retain ? ", retained" : "") + ")");
            }
            case "sub" -> subscribe(p, ctx);
            default -> throw new IllegalStateException("Unhandled %mqtt " + p.command());
        }
    }

    /** {@code %%mqtt pub TOPIC [--qos N] [--retain]}: each non-empty line of the cell is one message. */
    void cell(List<String> args, String body, MagicContext ctx) throws Exception {
        if (args.isEmpty() || !args.get(0).equals("pub")) {
            throw new MagicException("%%mqtt takes 'pub TOPIC [--qos N] [--retain]' on its first line and one message per line below it.");
        }
        ParsedArgs p = SPEC.parse(withPlaceholderMessage(args));
        String topic = MqttTopic.requirePublishable(p.positionals().get(0));
        if (p.positionals().size() > 2) {
            throw new MagicException("%%mqtt pub: the messages go below the first line, one per line; the first line takes only the topic.");
        }
        int qos = qos(p);
        boolean retain = p.has("--retain");
        List<String> messages = body.lines().filter(l -> !l.isBlank()).toList();
        int bytes = slot.use(lab -> messages.stream().mapToInt(m -> lab.publish(topic, qos, retain, m)).sum());
        ctx.out().println("Published " + messages.size() + " messages (" + bytes + " bytes) to \"" + topic + "\" (QoS " + qos
            + (retain ? ", retained" : "") + ")");
    }

    /** The cell's first line has no MESSAGE; a placeholder lets the line's parser check the rest. */
    private static List<String> withPlaceholderMessage(List<String> args) {
        List<String> words = new java.util.ArrayList<>(args);
        words.add("-");
        return words;
    }

    private static int qos(ParsedArgs p) {
        return MqttTopic.requireQos(p.intValue("--qos").orElse(0));
    }

    private void start(ParsedArgs p, PrintStream out) {
        MqttServerOptions options = MqttServerOptions.defaults()
            .withPort(p.intValue("--port").orElse(null))
            .withDataDir(p.value("--data-dir").map(Path::of).orElse(null))
            .withWorkDir(workDir)
            .withLogFile(workDir == null ? null : workDir.resolve("mqtt-broker.log"))
            .withSearchPath(searchPath)
            .withServer(p.value("--server").map(MqttServerKind::parse).orElse(null));
        MqttLab lab = ServerPackLines.started(slot.start(() -> MqttLab.start(options)), out);
        out.println(lab.serverName() + " " + lab.version() + " started on " + lab.address() + " (pid " + lab.pid().orElse(-1L)
            + ", ready in " + lab.startTime().toMillis() + " ms).");
        out.println(lab.dataDir().map(d -> "Persistence in " + ShownPath.of(d) + " (kept across %mqtt stop / start).")
            .orElse("No persistence: retained messages and sessions end with %mqtt stop."));
    }

    private String stop() {
        return ServerPackLines.stop(slot, "MQTT broker", old -> old.serverName() + " on " + old.address() + " stopped"
            + old.dataDir().map(d -> "; data kept in " + ShownPath.of(d) + ".").orElse("; temp files removed."), "broker");
    }

    private void status(MagicContext ctx) {
        if (!ServerPackLines.printCrash(slot.current(), "mqtt", ctx.out())) {
            ctx.display(RecordTable.of(Rows.of("mqtt", List.of(slot.require().status()))));
        }
    }

    private void subscribe(ParsedArgs p, MagicContext ctx) throws Exception {
        String filter = p.positionals().get(0);
        int qos = qos(p);
        Integer max = p.intValue("--max-messages").orElse(null);
        Integer timeoutMs = p.intValue("--timeout-ms").orElse(null);
        if (max != null && max < 1) {
            throw new MagicException("mqtt sub: --max-messages must be 1 or more.");
        }
        if (timeoutMs != null && timeoutMs < 1) {
            throw new MagicException("mqtt sub: --timeout-ms must be 1 or more.");
        }
        String clientId = p.value("--client-id").orElse(null);
        boolean clean = !p.has("--no-clean-session");
        PrintStream out = ctx.out();
        List<MqttReceived> got;
        try (AutoCloseable interrupt = ctx.onInterrupt(() -> { })) {
            got = slot.use(lab -> lab.subscribe(filter, qos, max, timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                clientId, clean,
                () -> {
                    out.println("Subscribed to " + filter + " (QoS " + qos + (clientId == null ? "" : ", client " + clientId)
                        + (clean ? "" : ", persistent session") + ")");
                    out.flush();
                },
                m -> {
                    out.println(m.topic() + " " + m.payload() + (m.retained() ? "  (retained)" : ""));
                    out.flush();
                }));
        }
        if (ctx.interrupted()) {
            Thread.interrupted();
            throw new MagicException("Interrupted after " + got.size() + " messages.");
        }
        if (timeoutMs != null && (max == null || got.size() < max)) {
            out.println(got.size() + " messages; no more within " + timeoutMs + " ms.");
        }
    }
}
