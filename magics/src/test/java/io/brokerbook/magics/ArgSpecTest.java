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
}
