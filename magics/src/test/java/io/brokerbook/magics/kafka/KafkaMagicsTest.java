package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupStatus;
import io.brokerbook.cluster.kafka.NodeRole;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tech.tablesaw.api.Table;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The Kafka magics and the {@code kafka} binding against one real 3-broker lab (101..103 + 1 controller). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaMagicsTest {
    private Path work;
    private TestKernelHost host;

    @BeforeAll
    void startLab() throws Exception {
        work = Files.createTempDirectory("kafka-magics-test");
        host = new TestKernelHost(work);
        new KafkaMagics().register(host, host);
        RecordingContext ctx = line("%kafka start");
        assertTrue(ctx.text().contains("Bootstrap servers:"), ctx.text());
    }

    @AfterAll
    void stopLab() throws Exception {
        host.shutdown();
    }

    // ---- driving the magics as the kernel does ---------------------------------------------

    private RecordingContext line(String magicLine) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow(() -> new AssertionError("no magic " + words.get(0)));
        magic.line().run(words.subList(1, words.size()), ctx);
        return ctx;
    }

    private RecordingContext cell(String firstLine, String body) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(firstLine.substring(2));
        host.find(words.get(0)).orElseThrow().cell().run(words.subList(1, words.size()), body, ctx);
        return ctx;
    }

    /** The one-line failure of a magic: a usage error or a lab component's error, as the dispatcher shows them. */
    private RuntimeException fails(String magicLine) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> line(magicLine), magicLine);
        assertTrue(e instanceof MagicException || e instanceof LabException, magicLine + " failed with " + e);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private static String html(RecordingContext ctx, int index) {
        return (String) ctx.displays.get(index).data().get(DisplayData.HTML);
    }

    private static String lastText(RecordingContext ctx) {
        return ctx.displays.get(ctx.displays.size() - 1).plainText();
    }

    private static void assertColumns(String text, String... columns) {
        String header = text.lines().findFirst().orElse("");
        for (String c : columns) {
            assertTrue(header.contains(c), "column " + c + " missing in: " + header);
        }
    }

    private KafkaApi kafka() {
        return (KafkaApi) host.bound.get("kafka");
    }

    /** Lines of a table's text form after the header, split on 2+ spaces. */
    private static List<String[]> rows(String text) {
        return text.lines().skip(1).map(l -> l.trim().split("\\s{2,}")).toList();
    }

    // ---- tests --------------------------------------------------------------------------------

    @Test
    @Order(1)
    void statusShowsBrokersAndBootstrap() throws Exception {
        RecordingContext ctx = line("%kafka status");
        assertTrue(ctx.text().contains("Bootstrap servers: 127.0.0.1:"), ctx.text());
        String table = lastText(ctx);
        assertColumns(table, "ID", "HOST:PORT", "ROLE", "STATE", "LEADER-FOR", "REPLICA-OF");
        for (String id : List.of("101", "102", "103")) {
            assertTrue(table.contains(id + "  "), table);
        }
        assertTrue(table.contains("controller"), table);
        assertEquals(kafka().bootstrapServers(), ctx.text().replaceAll("(?s).*Bootstrap servers: (\\S+).*", "$1"));
        // %lab status: the kernel's one Kafka component
        ComponentStatus lab = kafkaStatus();
        assertEquals(ComponentState.RUNNING, lab.state());
        assertEquals(Optional.of(kafka().bootstrapServers()), lab.address());
        assertEquals("Apache Kafka 4.1.1 in this JVM (KRaft: 3 brokers + 1 controller)", lab.implementation());
        assertTrue(lab.dataDir().isPresent() && lab.detail().orElseThrow().startsWith("temp data"), lab.toString());
    }

    private ComponentStatus kafkaStatus() {
        return host.lab().status().stream().filter(s -> s.kind().equals("kafka")).findFirst().orElseThrow();
    }

    @Test
    @Order(2)
    void topicsCreateListDescribeAlterDelete() throws Exception {
        RecordingContext created = line("%kafka-topics --create --bootstrap-server localhost:9092 --replication-factor 1 --partitions 13 --topic my-topic");
        assertTrue(created.text().contains("Created topic my-topic."), created.text());
        String listed = line("%kafka-topics --list --bootstrap-server localhost:9092").text();
        assertTrue(listed.lines().anyMatch("my-topic"::equals), listed);
        RecordingContext described = line("%kafka-topics --describe --topic my-topic");
        assertTrue(described.text().contains("PartitionCount: 13\tReplicationFactor: 1"), described.text());
        String table = lastText(described);
        assertColumns(table, "Topic", "Partition", "Leader", "Replicas", "Isr");
        assertEquals(13, rows(table).size());
        line("%kafka-topics --alter --topic my-topic --partitions 14");
        assertEquals(14, rows(lastText(line("%kafka-topics --describe --topic my-topic"))).size());
        line("%kafka-topics --create --topic doomed --partitions 1 --replication-factor 3");
        assertTrue(line("%kafka-topics --delete --topic doomed").text().contains("Deleted topic doomed."));
        assertTrue(line("%kafka-topics --describe --under-replicated-partitions").displays.size() == 1);
    }

    @Test
    @Order(3)
    void oldFlagsWorkWithANote() throws Exception {
        RecordingContext ctx = line("%kafka-topics --create --zookeeper localhost:2181 --replication-factor 1 --partitions 2 --topic old-style");
        assertTrue(ctx.text().contains("--zookeeper is gone"), ctx.text());
        assertTrue(ctx.text().contains("Created topic old-style."), ctx.text());
        RecordingContext produced = line("%kafka-console-producer --broker-list localhost:9092 --topic old-style hola mundo");
        assertTrue(produced.text().contains("--broker-list is the old name"), produced.text());
        assertTrue(lastText(produced).contains("hola mundo"), lastText(produced));
    }

    @Test
    @Order(4)
    void keyedRecordsLandOnTheMurmur2Partition() throws Exception {
        line("%kafka-topics --create --topic truck_coordinates --partitions 2 --replication-factor 3");
        RecordingContext ctx = cell("%%kafka-console-producer --topic truck_coordinates --property parse.key=true --property key.separator=:",
            "123:40.41,-3.70\n234:41.38,2.17\n345:39.47,-0.37\n456:37.38,-5.98\n123:40.42,-3.71\n");
        String table = lastText(ctx);
        assertColumns(table, "Key", "Value", "Partition", "Offset");
        List<String[]> rows = rows(table);
        assertEquals(5, rows.size(), table);
        for (String[] row : rows) {
            int expected = Utils.toPositive(Utils.murmur2(row[0].getBytes(StandardCharsets.UTF_8))) % 2;
            assertEquals(expected, Integer.parseInt(row[2]), "key " + row[0] + " in " + table);
        }
        assertEquals("1", rows.get(0)[2]); // the class's skew: 123 -> 1, the others -> 0
        assertEquals("0", rows.get(1)[2]);
    }

    @Test
    @Order(5)
    void twoGroupsEachReadEverythingAndCommit() throws Exception {
        line("%kafka-topics --create --topic dummy_topic --partitions 3 --replication-factor 1");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            body.append("k").append(i).append(":v").append(i).append('\n');
        }
        cell("%%kafka-console-producer --topic dummy_topic --property parse.key=true --property key.separator=:", body.toString());
        for (String group : List.of("my-first-group", "my-second-group")) {
            RecordingContext ctx = line("%kafka-console-consumer --bootstrap-server localhost:9092 --topic dummy_topic --from-beginning --group "
                + group + " --timeout-ms 3000 --property print.timestamp=true --property print.partition=true"
                + " --property print.offset=true --property print.key=true");
            String table = lastText(ctx);
            assertColumns(table, "Timestamp", "Partition", "Offset", "Key", "Value");
            assertTrue(rows(table).stream().allMatch(r -> r[0].startsWith("CreateTime:")), table);
            assertEquals(12, rows(table).size(), table);
            assertTrue(ctx.text().contains("Processed a total of 12 messages"), ctx.text());
        }
        RecordingContext again = line("%kafka-console-consumer --topic dummy_topic --group my-first-group --timeout-ms 1500");
        assertTrue(again.text().contains("Processed a total of 0 messages"), again.text());
        String describe = lastText(line("%kafka-consumer-groups --describe --group my-first-group"));
        assertColumns(describe, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
        assertEquals(0, kafka().totalLag("my-first-group"));
        String list = lastText(line("%kafka-consumer-groups --list"));
        assertTrue(list.contains("my-first-group") && list.contains("my-second-group"), list);
        assertColumns(lastText(line("%kafka-consumer-groups --describe --group my-first-group --state")),
            "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS");
        assertColumns(lastText(line("%kafka-consumer-groups --describe --group my-first-group --members")),
            "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS");
        // max-messages stops early and commits only what was read
        line("%kafka-consumer-groups --reset-offsets --group my-first-group --topic dummy_topic --to-earliest --execute");
        assertEquals(12, kafka().totalLag("my-first-group"));
        RecordingContext five = line("%kafka-console-consumer --topic dummy_topic --group my-first-group --max-messages 5");
        assertEquals(5, rows(lastText(five)).size());
        assertEquals(7, kafka().totalLag("my-first-group"));
        // the typed model, as a student streams over it in a Java cell
        assertEquals(7, kafka().group("my-first-group").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum());
        assertEquals(3, kafka().group("my-first-group").partitions().size());
        RecordingContext dry = line("%kafka-consumer-groups --reset-offsets --group my-first-group --topic dummy_topic --to-latest");
        assertTrue(dry.text().contains("Dry run"), dry.text());
        assertColumns(lastText(dry), "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        assertEquals(7, kafka().totalLag("my-first-group"));
        assertTrue(line("%kafka-consumer-groups --delete --group my-second-group").text().contains("was successful"));
    }

    @Test
    @Order(6)
    void threeMembersSplitSixPartitionsTwoTwoTwo() throws Exception {
        line("%kafka-topics --create --topic fleet --partitions 6 --replication-factor 2");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append("truck").append(i).append(":pos").append(i).append('\n');
        }
        cell("%%kafka-console-producer --topic fleet --property parse.key=true --property key.separator=:", body.toString());
        RecordingContext ctx = line("%kafka-console-consumer --topic fleet --group fleet-readers --members 3 --from-beginning --timeout-ms 3000");
        String summary = ctx.displays.get(0).plainText();
        assertColumns(summary, "MEMBER", "CONSUMER-ID", "PARTITIONS", "#PARTITIONS", "#RECORDS");
        List<String[]> members = rows(summary);
        assertEquals(3, members.size(), summary);
        long total = 0;
        for (String[] m : members) {
            assertEquals("2", m[m.length - 2], summary);
            total += Long.parseLong(m[m.length - 1]);
        }
        assertEquals(60, total, summary);
        // as Kafka's console consumer: only the value unless --property print.* asks for more
        assertEquals("Member  Value".replaceAll("\\s+", " "), lastText(ctx).lines().findFirst().orElseThrow().trim().replaceAll("\\s+", " "));
        assertEquals(0, kafka().totalLag("fleet-readers"));
    }

    /**
     * A member that holds the group's partitions and stops polling makes the next join slow: the coordinator waits
     * for it to rejoin until its max.poll.interval.ms (5 s) runs out. The silence timeout (1.5 s) counts only once
     * partitions are assigned, so the console consumer and the --members run still read everything.
     */
    @Test
    @Order(7)
    void aSlowJoinDoesNotEndTheReadBeforeItStarted() throws Exception {
        long records = kafka().offsets("dummy_topic").stream().mapToLong(o -> o.offset().orElseThrow()).sum();
        try (KafkaConsumer<byte[], byte[]> holder = stalledMember("slow-join", "dummy_topic")) {
            long t0 = System.nanoTime();
            RecordingContext ctx = line("%kafka-console-consumer --topic dummy_topic --group slow-join --from-beginning --timeout-ms 1500");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(seconds >= 3, "the join was slower than the 1.5 s timeout (" + seconds + " s)");
            assertTrue(ctx.text().contains("Processed a total of " + records + " messages"), ctx.text());
        }
        try (KafkaConsumer<byte[], byte[]> holder = stalledMember("fleet-slow", "fleet")) {
            RecordingContext ctx = line("%kafka-console-consumer --topic fleet --group fleet-slow --members 3 --from-beginning --timeout-ms 1500");
            List<String[]> members = rows(ctx.displays.get(0).plainText());
            assertEquals(3, members.size(), ctx.displays.get(0).plainText());
            assertEquals(60, members.stream().mapToLong(m -> Long.parseLong(m[m.length - 1])).sum(), ctx.displays.get(0).plainText());
        }
    }

    /** A member of {@code group} that got its partitions and then stops polling (not closed). */
    private KafkaConsumer<byte[], byte[]> stalledMember(String group, String topic) {
        Properties props = kafka().consumerConfig(group);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "5000");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> holder = new KafkaConsumer<>(props);
        holder.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (holder.assignment().isEmpty() && System.nanoTime() < deadline) {
            holder.poll(java.time.Duration.ofMillis(200));
        }
        assertFalse(holder.assignment().isEmpty(), "the stalled member got partitions");
        return holder;
    }

    @Test
    @Order(8)
    void consumerStopsOnInterrupt() throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split("--topic dummy_topic --group waiting --timeout-ms 600000");
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                host.find("kafka-console-consumer").orElseThrow().line().run(words, ctx);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ctx.hasInterruptHandler()) {
            if (System.nanoTime() > deadline) {
                fail("the consumer never registered an interrupt handler");
            }
            Thread.sleep(20);
        }
        long t0 = System.nanoTime();
        ctx.interrupt();
        Exception e = assertThrows(Exception.class, () -> run.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof MagicException && e.getCause().getMessage().contains("Interrupted"), e.toString());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        assertTrue(line("%kafka status").text().contains("Bootstrap servers"));
    }

    @Test
    @Order(9)
    void offsetsQuorumAndPerfTests() throws Exception {
        RecordingContext offsets = line("%kafka-get-offsets --bootstrap-server localhost:9092 --topic dummy_topic");
        String text = lastText(offsets);
        long sum = text.lines().mapToLong(l -> Long.parseLong(l.split(":")[2])).sum();
        assertEquals(12, sum, text);
        assertTrue(text.lines().allMatch(l -> l.matches("dummy_topic:\\d+:\\d+")), text);
        assertTrue(html(offsets, 0).contains("<th>Offset</th>"));

        String status = lastText(line("%kafka-metadata-quorum --bootstrap-server localhost:9092 describe --status"));
        for (String field : List.of("ClusterId:", "LeaderId:", "LeaderEpoch:", "HighWatermark:", "MaxFollowerLag:",
            "MaxFollowerLagTimeMs:", "CurrentVoters:", "CurrentObservers:")) {
            assertTrue(status.contains(field), status);
        }
        assertColumns(lastText(line("%kafka-metadata-quorum describe --replication")), "NodeId", "LogEndOffset", "Lag", "Status");
        assertTrue(line("%kafka quorum").text().contains("The coordinator: KRaft controller 1"));

        line("%kafka-topics --create --topic perf --partitions 3 --replication-factor 1");
        RecordingContext producer = line("%kafka-producer-perf-test --topic perf --num-records 20000 --record-size 100"
            + " --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=1");
        // other programs may hold localhost:9092: then a note says the lab's own cluster is used
        // a run slower than 5 s (a loaded machine) also prints Kafka's window lines, charted beside the text
        String summary = producer.text().lines().filter(l -> !l.startsWith("Note: ") && !l.endsWith(" ms max latency."))
            .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(summary.matches("(?s)20000 records sent, [\\d.]+ records/sec \\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency,"
            + " [\\d.]+ ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99.9th.\\s*"), producer.text());
        // the progress line was replaced by the table
        assertEquals(1, producer.displays.stream().filter(d -> !d.data().containsKey("image/svg+xml")).count());
        assertColumns(producer.displays.get(0).plainText(), "records sent", "records/sec", "MB/sec");
        RecordingContext consumer = line("%kafka-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --messages 20000");
        assertTrue(consumer.text().contains(PerfTestMagics.CONSUMER_HEADER), consumer.text());
        assertColumns(lastText(consumer), "data.consumed.in.MB", "nMsg.sec", "rebalance.time.ms", "fetch.nMsg.sec");
        assertTrue(lastText(consumer).contains("20000"), lastText(consumer));
    }

    @Test
    @Order(10)
    void javaBindingSeesTheSameCluster() throws Exception {
        assertEquals(KafkaApi.class, host.boundTypes.get("kafka"));
        KafkaApi kafka = kafka();
        var meta = kafka.send("dummy_topic", "k-java", "from java");
        assertTrue(meta.offset() >= 0);
        Table read = kafka.read("dummy_topic", "java-readers", 100);
        assertEquals(13, read.rowCount());
        assertEquals(List.of("Partition", "Offset", "Key", "Value", "Timestamp"), read.columnNames());
        assertEquals(0, kafka.totalLag("java-readers"));
        assertTrue(kafka.topics().stream().anyMatch(p -> p.topic().equals("dummy_topic")));
        assertEquals(3, kafka.topics("dummy_topic").size());
        assertEquals(3, kafka.brokers().stream().filter(n -> n.role() == NodeRole.BROKER).count());
        assertEquals(13, kafka.offsets("dummy_topic").stream().mapToLong(o -> o.offset().orElseThrow()).sum());
        assertEquals(13, kafka.group("java-readers").partitions().stream().mapToLong(p -> p.currentOffset().orElseThrow()).sum());
        assertEquals(List.of(1), kafka.quorum().currentVoters());
        assertTrue(kafka.groups().stream().anyMatch(g -> g.group().equals("java-readers")));
        assertEquals(3, kafka.layout("dummy_topic").partitions().size());
        // the Kafka-specific results a cell may return render through the pack's renderers
        for (Class<?> type : List.of(PartitionLayout.class, QuorumStatus.class, GroupOffsets.class, GroupStatus.class)) {
            assertTrue(host.renderers.containsKey(type), type + " has a renderer");
        }
        var report = kafka.sendBulk("perf", 10_000, 100);
        assertEquals(10_000, report.acked());
        try (var consumer = kafka.consumer("java-own")) {
            consumer.subscribe(List.of("truck_coordinates"));
            int n = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (n < 5 && System.nanoTime() < deadline) {
                n += consumer.poll(java.time.Duration.ofMillis(200)).count();
            }
            assertEquals(5, n);
        }
    }

    @Test
    @Order(11)
    void badInputGivesOneLineAndChangesNothing() throws Exception {
        List<String> topicsBefore = line("%kafka-topics --list").text().lines().toList();
        assertTrue(fails("%kafka-topics --create --topic zero --partitions 0").getMessage().contains("at least 1"));
        assertTrue(fails("%kafka-topics --create --topic neg --partitions -3").getMessage().contains("at least 1"));
        assertTrue(fails("%kafka-topics --create --topic big --partitions 1 --replication-factor 4").getMessage().contains("live broker"));
        assertTrue(fails("%kafka-topics --create --topic my-topic --partitions 1").getMessage().contains("already exists"));
        assertTrue(fails("%kafka-topics --describe --topic nope").getMessage().contains("does not exist"));
        assertTrue(fails("%kafka-console-consumer --topic nope --timeout-ms 100").getMessage().contains("does not exist"));
        assertTrue(fails("%kafka-console-producer --topic nope hola").getMessage().contains("does not exist"));
        assertTrue(fails("%kafka-consumer-groups --describe --group nobody").getMessage().contains("does not exist"));
        assertTrue(fails("%kafka-topics --lst").getMessage().contains("unknown option '--lst'"));
        assertTrue(fails("%kafka broker stop 999").getMessage().contains("no broker 999"));
        assertTrue(fails("%kafka broker stop x").getMessage().contains("'x' is not a broker id"));
        assertTrue(fails("%kafka broker stop").getMessage().contains("missing ID"));
        assertTrue(fails("%kafka broker start 102 --abrupt").getMessage().contains("unknown option '--abrupt'"));
        assertTrue(fails("%kafka brokr stop 102").getMessage().contains("Did you mean broker?"));
        assertTrue(fails("%kafka stop --brokers 1").getMessage().contains("It goes with %kafka start"));
        assertTrue(fails("%kafka status now").getMessage().contains("unexpected 'now'"));
        assertTrue(fails("%kafka start").getMessage().contains("already running"));
        assertTrue(fails("%kafka-console-producer --topic dummy_topic --property parse.key=true nokey").getMessage().contains("key separator"));
        assertEquals(topicsBefore, line("%kafka-topics --list").text().lines().toList());
        assertTrue(line("%kafka status").text().contains("Bootstrap servers"));
    }

    @Test
    @Order(12)
    void layoutShowsBrokersAndTheLeadersThatMoved() throws Exception {
        line("%kafka-topics --create --topic replicated --partitions 3 --replication-factor 3");
        RecordingContext before = line("%kafka layout --topic replicated");
        String svg = (String) before.displays.get(0).data().get(DisplayData.SVG);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        for (String id : List.of("101", "102", "103")) {
            assertTrue(svg.contains("data-broker=\"" + id + "\""), svg);
        }
        assertTrue(svg.contains("class=\"coordinator\""));
        assertFalse(svg.contains("moved\" data-partition="), "no leader moved yet");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))); // well-formed XML

        line("%kafka broker stop 102");
        String after = (String) line("%kafka layout --topic replicated").displays.get(0).data().get(DisplayData.SVG);
        assertTrue(after.contains("class=\"broker down\" data-broker=\"102\""), after);
        assertTrue(after.contains("leader isr moved\" data-partition=\"replicated-"), after); // the partition 102 led now has another leader
        String text = line("%kafka layout --topic replicated").displays.get(0).plainText();
        assertTrue(text.contains("leader moved from 102"), text);
        assertTrue(fails("%kafka broker stop 102").getMessage().contains("already stopped"));
        line("%kafka broker start 102");
        List<String> broker102 = lastText(line("%kafka status")).lines().filter(l -> l.startsWith("102")).toList();
        assertEquals(1, broker102.size(), "one row for broker 102");
        assertTrue(broker102.get(0).contains("up"), broker102.get(0));
    }

    @Test
    @Order(13)
    void stopThenNoCluster() throws Exception {
        assertTrue(line("%kafka stop").text().contains("Kafka lab stopped"));
        assertEquals(ComponentStatus.stopped("kafka"), kafkaStatus());
        assertTrue(fails("%kafka-topics --list").getMessage().contains("No Kafka cluster is running"));
        assertTrue(fails("%kafka status").getMessage().contains("No Kafka cluster is running"));
    }
}
