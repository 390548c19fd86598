package io.brokerbook.magics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArgCompletionTest {
    private static final ArgSpec TOPICS = ArgSpec.named("kafka-topics", "Topics.")
        .flag("--create", "Create.")
        .flag("--describe", "Describe.")
        .option("--topic", "TOPIC", "The topic.")
        .option("--partitions", "N", "Partitions.")
        .alias("-p", "--partitions");
    private static final ArgSpec LAB = ArgSpec.named("kafka", "The lab.")
        .option("--data-dir", "DIR", "Data.")
        .subcommand("start", "Start.", s -> s.option("--brokers", "N", "Brokers."))
        .subcommand("broker", "One broker.", b -> b
            .subcommand("stop", "Stop one.", s -> s.positional("ID", "").flag("--abrupt", "Crash it."))
            .subcommand("start", "Start one.", s -> s.positional("ID", "")));

    private static CompletionRequest read(ArgSpec spec, String word, String... before) {
        return ArgCompletion.request(spec.name(), spec, List.of(before), word);
    }

    @Test
    void optionsThatStartWithTheWord() {
        CompletionRequest r = read(TOPICS, "--cr");
        assertEquals(List.of("--create"), ArgCompletion.candidates(TOPICS, r));
        assertEquals(List.of("--create", "--describe", "--topic", "--partitions"),
            ArgCompletion.candidates(TOPICS, read(TOPICS, "-")));
        assertEquals(List.of(), ArgCompletion.candidates(TOPICS, read(TOPICS, "")));
    }

    @Test
    void theWordAfterAnOptionWithAValueIsThatOptionsValue() {
        CompletionRequest r = read(TOPICS, "or", "--describe", "--topic");
        assertEquals("--topic", r.option());
        assertEquals(List.of(), ArgCompletion.candidates(TOPICS, r));
        assertEquals("--partitions", read(TOPICS, "", "-p").option());
        CompletionRequest afterValue = read(TOPICS, "", "--topic", "orders");
        assertEquals("", afterValue.option());
        assertEquals(List.of(), afterValue.positionals());
        assertEquals("", read(TOPICS, "", "--topic=orders").option());
    }

    @Test
    void subcommandsAtEachLevelAndTheirOwnOptions() {
        assertEquals(List.of("start"), ArgCompletion.candidates(LAB, read(LAB, "st")));
        assertEquals(List.of("stop", "start"), ArgCompletion.candidates(LAB, read(LAB, "", "broker")));
        CompletionRequest id = read(LAB, "", "broker", "stop");
        assertEquals("broker stop", id.command());
        assertEquals(List.of(), id.positionals());
        assertEquals(List.of(), ArgCompletion.candidates(LAB, id));
        assertEquals(List.of("--abrupt", "--data-dir"), ArgCompletion.candidates(LAB, read(LAB, "--", "broker", "stop")));
        assertEquals(List.of("--brokers"), ArgCompletion.candidates(LAB, read(LAB, "--b", "start")));
        CompletionRequest afterId = read(LAB, "", "broker", "stop", "102");
        assertEquals(List.of("102"), afterId.positionals());
    }

    @Test
    void withoutASpecEveryWordIsAPositional() {
        CompletionRequest r = ArgCompletion.request("redis", null, List.of("GET"), "us");
        assertEquals(List.of("GET"), r.positionals());
        assertEquals(List.of(), ArgCompletion.candidates(null, r));
    }
}
