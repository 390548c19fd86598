package io.brokerbook.magics.compare;

import io.brokerbook.cluster.compare.Comparison;
import io.brokerbook.cluster.compare.Throughput;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %compare on real servers (the two Redis systems: redis-server comes with the build), and its bad input. */
class CompareMagicsTest {
    @TempDir
    Path work;
    private TestKernelHost host;

    @BeforeEach
    void load() {
        host = new TestKernelHost(work);
        new CompareMagics().register(host, host);
    }

    @AfterEach
    void shutdown() throws Exception {
        host.shutdown();
    }

    private RecordingContext line(String magicLine) {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow();
        try {
            magic.line().run(words.subList(1, words.size()), ctx);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ctx;
    }

    private static String oneLineFailure(Runnable r) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        assertTrue(e instanceof MagicException || e instanceof LabException, e.toString());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void runOnTheRedisSystemsFillsTheClassTableFromTheNumbers() throws Exception {
        RecordingContext run = line("%compare run --systems \"redis pub/sub,Redis Streams\" --messages 2000 --latency-messages 200"
            + " --offline-messages 50 --durable-messages 30 --quiet-ms 500");
        assertTrue(run.text().contains("Redis pub/sub: "), run.text());
        assertTrue(run.text().contains("2 systems measured in"), run.text());
        Comparison c = ((CompareApi) host.bound.get("compare")).last();
        assertEquals(List.of("Redis pub/sub", "Redis Streams"), c.measured());
        assertEquals(2000, c.throughput().get(0).published());
        assertTrue(Files.notExists(work.resolve("compare/run-1")), "the run's data dirs are removed");

        String table = line("%compare table").displays.get(0).plainText();
        for (Throughput t : c.throughput()) {
            assertTrue(table.contains(ClassTable.thousands(t.messagesPerSecond()) + " msg/s"), table);
        }
        assertTrue(table.contains("en memoria: 0 de 30 tras el reinicio"), table);
        assertTrue(table.contains("persistente: 30 de 30 sobreviven al reinicio"), table);
        assertTrue(table.contains("no reparte: cada uno recibe los 30"), table);
        assertTrue(table.contains("clase: «la más alta»"), table);

        String summary = (String) line("%compare summary").displays.get(0).data().get(DisplayData.MARKDOWN);
        Throughput fastest = c.throughput().get(0).messagesPerSecond() >= c.throughput().get(1).messagesPerSecond()
            ? c.throughput().get(0) : c.throughput().get(1);
        Matcher m = Pattern.compile("el más rápido fue \\*\\*(.+?)\\*\\* con \\*\\*([\\d,]+)\\*\\* msg/s").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(fastest.system(), m.group(1));
        assertEquals(ClassTable.thousands(fastest.messagesPerSecond()), m.group(2));
        assertTrue(summary.contains("Sobreviven al reinicio del broker (d): **Redis Streams**; no sobreviven: **Redis pub/sub**."), summary);

        List<DisplayData> charts = line("%compare chart").displays;
        assertEquals(2, charts.size());
        String svg = (String) charts.get(0).data().get(DisplayData.SVG);
        assertEquals(2, svg.split("class=\"bar\"", -1).length - 1, svg);
        assertEquals(7, line("%compare scenarios").displays.size());
    }

    @Test
    void aSystemNotInstalledSaysSoInEveryMeasuredCell() {
        Comparison.Plan plan = Comparison.Plan.defaults().withSystems(List.of("NATS core"));
        var empty = new io.brokerbook.cluster.lab.Rows<Throughput>("t", List.of());
        Comparison c = new Comparison(plan, empty, io.brokerbook.cluster.lab.Rows.of("l", List.of()),
            io.brokerbook.cluster.lab.Rows.of("o", List.of()), io.brokerbook.cluster.lab.Rows.of("r", List.of()),
            io.brokerbook.cluster.lab.Rows.of("e", List.of()), io.brokerbook.cluster.lab.Rows.of("f", List.of()),
            io.brokerbook.cluster.lab.Rows.of("g", List.of()), Map.of("NATS core", "nats-server is not installed: apt-get install nats-server"));
        ClassRow row = ClassTable.of(c).get(0);
        assertEquals(List.of("no instalado"), List.of(row.storage(), row.speed(), row.latency(), row.architecture(),
            row.guaranteed(), row.retention(), row.rebalancing()).stream().distinct().toList());
        assertTrue(Summary.of(c).contains("**NATS core** (nats-server is not installed"), Summary.of(c));
    }

    @Test
    void badInputIsOneLine() {
        assertEquals(CompareMagic.NO_RUN, oneLineFailure(() -> line("%compare table")));
        assertTrue(oneLineFailure(() -> line("%compare run --systems Redis,Kafka")).contains("unknown system 'Redis'"));
        assertTrue(oneLineFailure(() -> line("%compare run --messages 0")).contains("must be positive"));
        assertTrue(oneLineFailure(() -> line("%compare run --messages lots")).contains("expects a whole number"));
        assertTrue(oneLineFailure(() -> line("%compare run --payload-bytes 10")).contains("at least 30"));
        assertTrue(oneLineFailure(() -> line("%compare run --quiet-ms -1")).contains("must be positive"));
    }
}
