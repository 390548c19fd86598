package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %kafka-dump-log} on the KRaft lab's own {@code __cluster_metadata} log: Kafka's text and the record table. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DumpLogMagicTest {
    private static final String DUMP = "%kafka-dump-log --cluster-metadata-decoder --files " + DumpLogMagic.METADATA_LOG;
    private Path work;
    private TestKernelHost host;

    @BeforeAll
    void startLab() throws Exception {
        work = Files.createTempDirectory("kafka-dump-log-test");
        host = new TestKernelHost(work);
        new KafkaMagics().register(host, host);
        assertTrue(line("%kafka start --brokers 3").text().contains("Bootstrap servers:"));
    }

    @AfterAll
    void stopLab() throws Exception {
        host.shutdown();
    }

    private RecordingContext line(String magicLine) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow(() -> new AssertionError("no magic " + words.get(0)));
        magic.line().run(words.subList(1, words.size()), ctx);
        return ctx;
    }

    private RuntimeException fails(String magicLine) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> line(magicLine), magicLine);
        assertTrue(e instanceof MagicException || e instanceof LabException, magicLine + " failed with " + e);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    /** The payload lines Kafka printed for one record type, e.g. REGISTER_BROKER_RECORD. */
    private static List<String> payloads(String text, String type) {
        return text.lines().filter(l -> l.contains("payload: {\"type\":\"" + type + "\"")).toList();
    }

    @Test
    @Order(1)
    void registrationsAndATopicAsKafkaPrintsThem() throws Exception {
        line("%kafka-topics --create --topic pedidos --partitions 3 --replication-factor 3");
        RecordingContext ctx = line(DUMP);
        assertEquals(2, ctx.displays.size());
        String text = ctx.displays.get(0).plainText();
        assertTrue(((String) ctx.displays.get(0).data().get(DisplayData.HTML)).startsWith("<details>"));
        Path log = ((io.brokerbook.cluster.kafka.KafkaLab) ((KafkaApi) host.bound.get("kafka")).cluster()).dataDir()
            .resolve(DumpLogMagic.METADATA_LOG); // a temp dir, outside the working dir: named absolute
        assertTrue(text.startsWith("Dumping " + log + "\nLog starting offset: 0\n"), text);
        assertTrue(text.contains("isControl: true"), "the leader change control batch: " + text);
        for (int broker : List.of(101, 102, 103)) { // a broker may register twice (a retried registration)
            assertTrue(payloads(text, "REGISTER_BROKER_RECORD").stream()
                .anyMatch(l -> l.contains("\"brokerId\":" + broker + ",")), "registration of " + broker + ": " + text);
        }
        assertEquals(1, payloads(text, "TOPIC_RECORD").stream().filter(l -> l.contains("\"name\":\"pedidos\"")).count(), text);

        String table = ctx.displays.get(1).plainText();
        assertTrue(table.lines().anyMatch(l -> l.contains("LeaderChange") && l.contains("controller leader elected")), table);
        for (int broker : List.of(101, 102, 103)) {
            assertTrue(table.lines().anyMatch(l -> l.matches("\\d+\\s+1\\s+RegisterBrokerRecord\\s+" + broker + "\\s.*")), table);
        }
        assertTrue(table.lines().anyMatch(l -> l.contains("TopicRecord") && l.contains("pedidos")), table);
        assertEquals(3, table.lines().filter(l -> l.contains("PartitionRecord") && l.contains("pedidos")).count(), table);
        assertFalse(table.contains("NoOpRecord  "), "NoOpRecords are counted in the title, not listed: " + table);
    }

    @Test
    @Order(2)
    void aStoppedBrokerIsFencedAndItsLeadershipsMove() throws Exception {
        line("%kafka broker stop 102");
        String table = line(DUMP).displays.get(1).plainText();
        assertTrue(table.lines().anyMatch(l -> l.contains("BrokerRegistrationChangeRecord  102 ")
            && l.contains("in controlled shutdown")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches(".*BrokerRegistrationChangeRecord\\s+102\\s.*\\sfenced")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("PartitionChangeRecord") && l.contains("pedidos")
            && l.contains("isr") && !l.contains("102")), "102 leaves the ISR: " + table);
    }

    @Test
    @Order(3)
    void aFileUnderTheWorkingDirIsNamedRelativeAndKafkasFlagsAreKafkas() throws Exception {
        Path log = ((io.brokerbook.cluster.kafka.KafkaLab) ((KafkaApi) host.bound.get("kafka")).cluster()).dataDir()
            .resolve(DumpLogMagic.METADATA_LOG);
        Path copyDir = Files.createDirectories(Path.of("target", "dump-log-test"));
        Path copy = Files.copy(log, copyDir.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String text = line("%kafka-dump-log --cluster-metadata-decoder --skip-record-metadata --files " + copy)
            .displays.get(0).plainText();
        assertTrue(text.startsWith("Dumping " + copy + "\n"), text);
        List<String> records = text.lines().filter(l -> l.contains(" payload: ")).toList();
        assertFalse(records.isEmpty(), text);
        // Kafka's own output with --skip-record-metadata: just " payload: ...", no "| offset: ..." before it
        assertTrue(records.stream().allMatch(l -> l.startsWith(" payload: {")), "--skip-record-metadata: " + records.get(0));
        assertTrue(records.stream().anyMatch(l -> l.contains("REGISTER_BROKER_RECORD")), text);
    }

    @Test
    @Order(4)
    void badInputGivesOneLine() throws Exception {
        assertTrue(fails("%kafka-dump-log --cluster-metadata-decoder").getMessage().contains("--files is required"));
        assertTrue(fails("%kafka-dump-log --files nowhere.log").getMessage().contains("no file nowhere.log"));
        assertTrue(fails("%kafka-dump-log --files /nowhere/0.log").getMessage().contains("no file /nowhere/0.log"));
        assertTrue(fails("%kafka-dump-log --cluster-metadata-decodr --files x").getMessage().contains("unknown option"));
        assertTrue(fails("%kafka-dump-log " + DumpLogMagic.METADATA_LOG).getMessage().contains("--files"));
        assertTrue(line("%kafka status").text().contains("Bootstrap servers"));
    }
}
