package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SASL/SCRAM lab ({@code %kafka start --security scram}), a second kernel that connects to it with a client
 * properties file as to a managed cluster, and the client options of the CLI-named magics: each works as Kafka's
 * tool does or is refused in one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityAndOptionsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";";

    private Path work;
    private TestKernelHost lab;
    private TestKernelHost user;
    private String bootstrap;
    private Path clientProperties;

    @BeforeAll
    void startSecuredLab() throws Exception {
        work = Files.createTempDirectory("kafka-security-test");
        lab = new TestKernelHost(work.resolve("lab"));
        new KafkaMagics().register(lab, lab);
        RecordingContext started = line(lab, "%kafka start --brokers 1 --security scram --user alice --password alice-secret");
        assertTrue(started.text().contains("SASL/SCRAM-SHA-256 as alice"), started.text());
        bootstrap = ((KafkaApi) lab.bound.get("kafka")).bootstrapServers();
        clientProperties = properties("client.properties", "alice", "alice-secret");
        user = new TestKernelHost(work.resolve("user"));
        new KafkaMagics().register(user, user);
    }

    @AfterAll
    void stop() throws Exception {
        if (user != null) {
            user.shutdown();
        }
        lab.shutdown();
    }

    private Path properties(String name, String userName, String password) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config="
            + String.format(JAAS, userName, password).replace("\\", "\\\\") + "\n");
        return file;
    }

    private static RecordingContext line(TestKernelHost host, String magicLine) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow(() -> new AssertionError("no magic " + words.get(0)));
        magic.line().run(words.subList(1, words.size()), ctx);
        return ctx;
    }

    private static RecordingContext cell(TestKernelHost host, String firstLine, String body) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(firstLine.substring(2));
        host.find(words.get(0)).orElseThrow().cell().run(words.subList(1, words.size()), body, ctx);
        return ctx;
    }

    private static String fails(TestKernelHost host, String magicLine) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> line(host, magicLine), magicLine);
        assertTrue(e instanceof MagicException || e instanceof LabException, magicLine + " failed with " + e);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static String lastText(RecordingContext ctx) {
        return ctx.displays.get(ctx.displays.size() - 1).plainText();
    }

    private static String everything(RecordingContext ctx) {
        StringBuilder all = new StringBuilder(ctx.text());
        ctx.displays.forEach(d -> all.append('\n').append(d.plainText()));
        return all.toString();
    }

    private static List<String> header(String table) {
        return List.of(table.lines().findFirst().orElse("").trim().split("\\s{2,}"));
    }

    private static List<String[]> rows(String table) {
        return table.lines().skip(1).map(l -> l.trim().split("\\s{2,}")).toList();
    }

    @Test
    @Order(1)
    void theLabsOwnClientsLogInByThemselves() throws Exception {
        line(lab, "%kafka-topics --create --topic secure --partitions 2 --replication-factor 1");
        cell(lab, "%%kafka-console-producer --topic secure --property parse.key=true --property key.separator=:", "a:1\nb:2\nc:3\n");
        RecordingContext read = line(lab, "%kafka-console-consumer --topic secure --from-beginning --timeout-ms 2000");
        assertTrue(read.text().contains("Processed a total of 3 messages"), read.text());
        assertEquals(3, ((KafkaApi) lab.bound.get("kafka")).read("secure", "java-cell", 3).rowCount());
    }

    @Test
    @Order(2)
    void aPlaintextClientIsNotLetIn() throws Exception {
        Path plain = work.resolve("plain.properties");
        Files.writeString(plain, "security.protocol=PLAINTEXT\nrequest.timeout.ms=3000\ndefault.api.timeout.ms=4000\n");
        fails(lab, "%kafka-topics --list --command-config " + plain);
    }

    @Test
    @Order(3)
    void wrongCredentialsFailInOneLine() throws Exception {
        Path wrong = properties("wrong.properties", "alice", "not-her-password");
        String message = fails(user, "%kafka connect --bootstrap-server " + bootstrap + " --command-config " + wrong);
        assertTrue(message.contains("Authentication"), message);
        String inspect = fails(lab, "%kafka-topics --list --command-config " + wrong);
        assertTrue(inspect.contains("Authentication"), inspect);
    }

    @Test
    @Order(4)
    void connectWithAClientConfigFileAndInspect() throws Exception {
        RecordingContext connected = line(user, "%kafka connect --bootstrap-server " + bootstrap + " --command-config " + clientProperties);
        assertTrue(connected.text().contains("Connected"), connected.text());
        assertTrue(everything(line(user, "%kafka-topics --list")).contains("secure"));
        assertTrue(everything(line(user, "%kafka-topics --describe --topic secure")).contains("secure"));
        cell(user, "%%kafka-console-producer --topic secure --producer.config " + clientProperties
            + " --property parse.key=true --property key.separator=:", "d:4\n");
        RecordingContext read = line(user, "%kafka-console-consumer --topic secure --group readers --from-beginning --timeout-ms 2000"
            + " --consumer.config " + clientProperties + " --property print.key=true --property print.partition=true");
        assertEquals(List.of("Partition", "Key", "Value"), header(lastText(read)));
        assertEquals(4, rows(lastText(read)).size(), lastText(read));
        assertTrue(everything(line(user, "%kafka-consumer-groups --describe --group readers")).contains("readers"));
        String offsets = lastText(line(user, "%kafka-get-offsets --topic secure"));
        assertEquals(4, offsets.lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(':') + 1))).sum(), offsets);
        assertTrue(everything(line(user, "%kafka-metadata-quorum describe --status")).contains("LeaderId"));
        line(user, "%kafka stop");
    }

    @Test
    @Order(5)
    void consoleConsumerPropertiesFollowKafkasFormatter() throws Exception {
        cell(lab, "%%kafka-console-producer --topic secure --property parse.headers=true --property parse.key=true"
            + " --property key.separator=: --property null.marker=NULL", "h1:x,h2:y\tk:v\nNO\tNULL:w\n".replace("NO", "h3:NULL"));
        // every partition: the record without a key may land on any of them
        RecordingContext read = line(lab, "%kafka-console-consumer --topic secure --from-beginning --timeout-ms 1500"
            + " --property print.timestamp=true --property print.offset=true --property print.headers=true --property print.key=true"
            + " --property null.literal=<none>");
        String table = lastText(read);
        assertEquals(List.of("Timestamp", "Offset", "Headers", "Key", "Value"), header(table));
        assertTrue(table.contains("h1:x,h2:y"), table);
        assertTrue(table.contains("h3:<none>"), table);
        assertTrue(rows(table).stream().allMatch(r -> r[0].startsWith("CreateTime:")), table);
        // key.separator only exists in text: the plain output is then Kafka's own lines
        RecordingContext lines = line(lab, "%kafka-console-consumer --topic secure --partition 0 --offset earliest --timeout-ms 1500"
            + " --property print.key=true --property print.offset=true --property key.separator=|");
        String text = lastText(lines);
        assertTrue(text.lines().allMatch(l -> l.startsWith("Offset:") && l.split("\\|").length == 3), text);
        // the default: the value only
        assertEquals(List.of("Value"), header(lastText(line(lab, "%kafka-console-consumer --topic secure --from-beginning --timeout-ms 1500"))));
        assertTrue(fails(lab, "%kafka-console-consumer --topic secure --property print.colour=true").contains("print.colour"));
        assertTrue(fails(lab, "%kafka-console-consumer --topic secure --property key.deserializer=x").contains("key.deserializer"));
        assertTrue(fails(lab, "%kafka-console-consumer --topic secure --consumer.config /no/such.properties").contains("no such file"));
    }

    @Test
    @Order(6)
    void consoleProducerPropertiesFollowKafkasLineReader() throws Exception {
        RecordingContext sent = cell(lab, "%%kafka-console-producer --topic secure --property parse.key=true --property key.separator=:"
            + " --property ignore.error=true", "nokey\nk:v\n");
        String table = lastText(sent);
        assertTrue(rows(table).get(0)[0].equals("null") && rows(table).get(0)[1].equals("nokey"), table);
        assertTrue(fails(lab, "%kafka-console-producer --topic secure --property parse.key=true nokey").contains("key separator"));
        assertTrue(fails(lab, "%kafka-console-producer --topic secure --property null.marker=: --property key.separator=: x")
            .contains("null.marker and key.separator may not be equal"));
        assertTrue(fails(lab, "%kafka-console-producer --topic secure --property reader=x hello").contains("reader"));
    }

    @Test
    @Order(7)
    void perfToolsPrintMetricsAndDetailedStats() throws Exception {
        RecordingContext produced = line(lab, "%kafka-producer-perf-test --topic secure --num-records 2000 --record-size 100"
            + " --throughput -1 --producer.config " + clientProperties + " --print-metrics --producer-props acks=1");
        assertTrue(produced.text().contains("2000 records sent"), produced.text());
        String metrics = lastText(produced);
        assertEquals(List.of("Metric Name", "Value"), header(metrics));
        assertTrue(metrics.contains("producer-metrics:record-send-total:"), metrics);
        RecordingContext consumed = line(lab, "%kafka-consumer-perf-test --topic secure --messages 2000 --show-detailed-stats"
            + " --reporting-interval 1 --print-metrics --timeout 5000");
        String detailed = consumed.displays.stream().map(d -> d.plainText())
            .filter(t -> t.startsWith(PerfTestMagics.DetailedStats.HEADER)).findFirst().orElseThrow();
        assertTrue(detailed.lines().count() > 1, detailed);
        // beside the lines, their nMsg.sec charted: one step per line
        String chart = consumed.displays.stream().filter(d -> d.data().containsKey("image/svg+xml")).findFirst().orElseThrow().plainText();
        assertTrue(chart.contains("(done)"), chart);
        assertEquals(detailed.lines().count() - 1, chart.substring(chart.lastIndexOf(": ") + 2).split(", ").length, chart);
        assertTrue(lastText(consumed).contains("consumer-fetch-manager-metrics:records-consumed-total:"), lastText(consumed));
        assertTrue(fails(lab, "%kafka-consumer-perf-test --topic secure --messages 1 --reporting-interval 10").contains("--show-detailed-stats"));
    }
}
