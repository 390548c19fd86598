package io.brokerbook.magics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgSpecTest {
    private static final ArgSpec TOPICS = ArgSpec.named("kafka-topics", "Topics.")
        .flag("--create", "Create.")
        .option("--topic", "TOPIC", "Topic.")
        .option("--partitions", "N", "Partitions.")
        .repeatable("--config", "K=V", "Config.")
        .deprecated("--zookeeper", "HOST:PORT", "Kafka 3+ uses --bootstrap-server.")
        .alias("-t", "--topic");

    @Test
    void parsesFlagsOptionsAndRepeatables() {
        ParsedArgs a = TOPICS.parse(ArgTokenizer.split(
            "--create --topic my-topic --partitions=13 --config retention.ms=1000 --config 'cleanup.policy=compact'"));
        assertTrue(a.has("--create"));
        assertEquals("my-topic", a.require("--topic"));
        assertEquals(13, a.intValue("--partitions", 1));
        assertEquals(Map.of("retention.ms", "1000", "cleanup.policy", "compact"), a.keyValues("--config"));
        assertTrue(a.notes().isEmpty());
    }

    @Test
    void deprecatedOptionIsAcceptedWithANote() {
        ParsedArgs a = TOPICS.parse(List.of("--zookeeper", "localhost:2181", "-t", "x"));
        assertEquals("x", a.require("--topic"));
        assertEquals(1, a.notes().size());
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        MagicException e = assertThrows(MagicException.class, () -> TOPICS.parse(List.of("--partitons", "3")));
        assertTrue(e.getMessage().contains("--partitions"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badNumberAndMissingValueAreOneLine() {
        assertThrows(MagicException.class, () -> TOPICS.parse(List.of("--partitions", "x")).intValue("--partitions", 1));
        assertThrows(MagicException.class, () -> TOPICS.parse(List.of("--topic")));
    }

    @Test
    void negativeNumbersArePositionals() {
        assertEquals(List.of("-1"), TOPICS.parse(List.of("-1")).positionals());
    }

    @Test
    void tokenizerHonoursQuotes() {
        assertEquals(List.of("a b", "key=x y", "it's", "q\"q"),
            ArgTokenizer.split("'a b' key=\"x y\" it\\'s \"q\\\"q\""));
        assertThrows(MagicException.class, () -> ArgTokenizer.split("'open"));
    }

    @Test
    void usageListsOptions() {
        String u = TOPICS.usage();
        assertTrue(u.startsWith("%kafka-topics"));
        assertTrue(u.contains("--partitions N"));
        assertTrue(u.contains("--topic, -t TOPIC"));
    }

    private static final ArgSpec LAB = ArgSpec.named("kafka", "The lab.")
        .option("--timeout-ms", "MS", "Shared by every subcommand.")
        .subcommand("start", "Start a cluster.", s -> s
            .option("--brokers", "N", "Brokers.")
            .option("--data-dir", "DIR", "Data."))
        .subcommand("stop", "Stop it.")
        .subcommand("broker", "One broker.", b -> b
            .subcommand("stop", "Stop a broker.", s -> s.positional("ID", "The broker id.").flag("--abrupt", "Crash it."))
            .subcommand("start", "Start a broker.", s -> s.positional("ID", "The broker id.")))
        .subcommand("layout", "The picture.", s -> s.optionalPositional("TOPIC", "Only this topic."));

    @Test
    void subcommandsParseTheirOwnOptionsAndSharedOnes() {
        ParsedArgs a = LAB.parse(List.of("start", "--brokers", "1", "--timeout-ms", "5"));
        assertEquals("start", a.command());
        assertEquals(1, a.intValue("--brokers", 3));
        assertEquals(5, a.intValue("--timeout-ms", 0));
        ParsedArgs b = LAB.parse(List.of("broker", "stop", "102", "--abrupt"));
        assertEquals("broker stop", b.command());
        assertEquals(List.of("102"), b.positionals());
        assertTrue(b.has("--abrupt"));
        assertEquals("layout", LAB.parse(List.of("layout")).command());
        assertEquals(List.of("t"), LAB.parse(List.of("layout", "t")).positionals());
    }

    @Test
    void subcommandErrorsAreOneLineWithSuggestions() {
        MagicException unknown = assertThrows(MagicException.class, () -> LAB.parse(List.of("strat")));
        assertTrue(unknown.getMessage().contains("Did you mean start"), unknown.getMessage());
        MagicException missing = assertThrows(MagicException.class, () -> LAB.parse(List.of()));
        assertTrue(missing.getMessage().contains("start, stop, broker, layout"), missing.getMessage());
        MagicException misplaced = assertThrows(MagicException.class, () -> LAB.parse(List.of("stop", "--brokers", "3")));
        assertTrue(misplaced.getMessage().contains("goes with %kafka start"), misplaced.getMessage());
        MagicException noId = assertThrows(MagicException.class, () -> LAB.parse(List.of("broker", "stop")));
        assertTrue(noId.getMessage().contains("missing ID"), noId.getMessage());
        MagicException extra = assertThrows(MagicException.class, () -> LAB.parse(List.of("stop", "now")));
        assertTrue(extra.getMessage().contains("unexpected 'now'"), extra.getMessage());
        assertThrows(MagicException.class, () -> LAB.parse(List.of("broker", "pause", "1")));
        for (MagicException e : List.of(unknown, missing, misplaced, noId, extra)) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void usageListsSubcommandsWithTheirOptions() {
        String u = LAB.usage();
        assertTrue(u.startsWith("%kafka SUBCOMMAND"), u);
        assertTrue(u.contains("broker stop ID [options]"), u);
        assertTrue(u.contains("--brokers N"), u);
        assertTrue(u.contains("layout [TOPIC]"), u);
        assertEquals(List.of("--abrupt", "--timeout-ms"), LAB.optionNames("broker", "stop"));
    }

    private static final ArgSpec SERVER = ArgSpec.named("redis", "A server and its commands.")
        .subcommand("start", "Start it.", s -> s.option("--port", "PORT", "The port."))
        .subcommand("stop", "Stop it.")
        .otherwise("COMMAND [ARG...]", "Any other first word is sent to the server with the rest.");

    @Test
    void otherwisePassesUnknownFirstWordsThroughVerbatim() {
        ParsedArgs command = SERVER.parse(List.of("SET", "k", "--port", "-x"));
        assertEquals("", command.command());
        assertEquals(List.of("SET", "k", "--port", "-x"), command.positionals(), "options are words of the command");
        assertFalse(command.has("--port"));
        ParsedArgs start = SERVER.parse(List.of("start", "--port", "7000"));
        assertEquals("start", start.command());
        assertEquals(7000, start.intValue("--port", 0));
        MagicException extra = assertThrows(MagicException.class, () -> SERVER.parse(List.of("stop", "now")));
        assertTrue(extra.getMessage().contains("unexpected 'now'"), extra.getMessage());
        MagicException none = assertThrows(MagicException.class, () -> SERVER.parse(List.of()));
        assertEquals("redis: expected a subcommand first: start, stop, or COMMAND [ARG...]. See %redis --help",
            none.getMessage());
        assertThrows(MagicException.class, () -> SERVER.parse(List.of("--port", "1", "start")));
        String u = SERVER.usage();
        assertTrue(u.startsWith("%redis SUBCOMMAND|COMMAND [ARG...]"), u);
        assertTrue(u.contains("  COMMAND [ARG...]\n      Any other first word"), u);
        assertThrows(MagicException.class, () -> LAB.parse(List.of("strat")), "without otherwise an unknown word is an error");
    }
}
