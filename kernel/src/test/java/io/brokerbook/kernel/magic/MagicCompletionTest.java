package io.brokerbook.kernel.magic;

import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.Magic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicCompletionTest {
    private static final ArgSpec TOPICS = ArgSpec.named("kafka-topics", "Topics.")
        .flag("--create", "Create.")
        .option("--topic", "TOPIC", "The topic.");
    private static final ArgSpec CONSUMER = ArgSpec.named("kafka-console-consumer", "Consume.")
        .option("--topic", "TOPIC", "The topic.");

    private final List<CompletionRequest> asked = new ArrayList<>();
    private final MagicCompletion completion;

    MagicCompletionTest() {
        MagicTable table = new MagicTable();
        table.register(Magic.of(TOPICS, (a, c) -> { }, null));
        table.register(Magic.of(CONSUMER, (a, c) -> { }, null));
        table.register(Magic.cell("sql", "Cell only.", null, (a, b, c) -> { }));
        completion = new MagicCompletion(table);
        completion.addCompleter("kafka-topics", r -> {
            asked.add(r);
            return r.isValueOf("--topic") ? List.of("orders", "order-events", "payments") : List.of();
        });
    }

    @Test
    void magicNamesByForm() {
        assertEquals(new MagicCompletion.Result(1, List.of("kafka-console-consumer", "kafka-topics")),
            completion.complete("%kaf"));
        assertEquals(new MagicCompletion.Result(2, List.of("sql")), completion.complete("%%s"));
        assertEquals(List.of(), completion.complete("%s").matches());
    }

    @Test
    void optionsNotJavaIdentifiers() {
        assertEquals(new MagicCompletion.Result(14, List.of("--create")), completion.complete("%kafka-topics --cr"));
    }

    @Test
    void valuesFromThePacksCompleterFilteredByTheWord() {
        MagicCompletion.Result r = completion.complete("%kafka-topics --create --topic ord");
        assertEquals(List.of("orders", "order-events"), r.matches());
        assertEquals("%kafka-topics --create --topic ".length(), r.start());
        CompletionRequest seen = asked.get(asked.size() - 1);
        assertEquals(List.of("--create", "--topic"), seen.argsBefore());
        assertEquals("ord", seen.word());
    }

    @Test
    void inlineOptionValuesKeepTheirOption() {
        MagicCompletion.Result r = completion.complete("%kafka-topics --topic=pay");
        assertEquals(List.of("--topic=payments"), r.matches());
        assertEquals("%kafka-topics ".length(), r.start());
    }

    @Test
    void quotedWordsAndUnknownMagics() {
        MagicCompletion.Result r = completion.complete("%kafka-topics --topic \"ord");
        assertEquals(List.of("orders", "order-events"), r.matches());
        assertEquals("%kafka-topics --topic \"".length(), r.start());
        assertEquals(List.of(), completion.complete("%nope --x").matches());
        assertEquals(List.of(), completion.complete("%kafka-console-consumer --topic o").matches());
    }

    @Test
    void aFailingCompleterOffersNothingFromIt() {
        completion.addCompleter("kafka-console-consumer", r -> {
            throw new IllegalStateException("server gone");
        });
        assertEquals(List.of("--topic"), completion.complete("%kafka-console-consumer --t").matches());
    }

    @Test
    void usageOfTheMagicOnTheLine() {
        Optional<String> usage = completion.usage("%kafka-topics --create --topic x");
        assertTrue(usage.orElseThrow().startsWith("%kafka-topics [options]"), usage.toString());
        assertEquals(Optional.empty(), completion.usage("%nothing"));
    }
}
