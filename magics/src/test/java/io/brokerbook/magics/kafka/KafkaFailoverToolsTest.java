package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kafka's failover tools as magics ({@code %kafka-configs}, {@code %kafka-leader-election},
 * {@code %kafka-reassign-partitions}, the {@code %kafka-topics --describe} health filters) and what happens at the
 * limits of replication, against one real 3-broker lab (101..103).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFailoverToolsTest {
    private Path work;
    private TestKernelHost host;

    @BeforeAll
    void startLab() throws Exception {
        work = Files.createTempDirectory("kafka-failover-test");
        host = new TestKernelHost(work);
        new KafkaMagics().register(host, host);
        assertTrue(line("%kafka start").text().contains("Bootstrap servers:"));
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

    private RecordingContext cell(String firstLine, String body) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(firstLine.substring(2));
        host.find(words.get(0)).orElseThrow().cell().run(words.subList(1, words.size()), body, ctx);
        return ctx;
    }

    private static String oneLine(Exception e) {
        assertTrue(e instanceof MagicException || e instanceof LabException, "failed with " + e);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private String fails(String magicLine) {
        return oneLine(assertThrows(Exception.class, () -> line(magicLine), magicLine));
    }

    private String cellFails(String firstLine, String body) {
        return oneLine(assertThrows(Exception.class, () -> cell(firstLine, body), firstLine));
    }

    private static String table(RecordingContext ctx) {
        return ctx.displays.get(ctx.displays.size() - 1).plainText();
    }

    private KafkaApi kafka() {
        return (KafkaApi) host.bound.get("kafka");
    }

    private List<PartitionReplicas> partitions(String topic) {
        return kafka().topics(topic).rows();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private void awaitFullIsr(String topic) throws InterruptedException {
        await("full ISR of " + topic, () -> partitions(topic).stream()
            .allMatch(p -> p.hasLeader() && p.isr().size() == p.replicas().size()));
    }

    // ---- kafka-configs -------------------------------------------------------------------------

    @Test
    @Order(1)
    void configsDescribeAlterAndDelete() throws Exception {
        line("%kafka-topics --create --topic conf --partitions 1 --replication-factor 3");
        RecordingContext empty = line("%kafka-configs --describe --entity-type topics --entity-name conf");
        assertEquals("Dynamic configs for topic conf are:", empty.text().strip());
        assertFalse(table(empty).contains("min.insync.replicas"), table(empty));

        assertEquals("Completed updating config for topic conf.",
            line("%kafka-configs --alter --entity-type topics --entity-name conf --add-config min.insync.replicas=2,retention.ms=60000")
                .text().strip());
        String dynamic = table(line("%kafka-configs --describe --entity-type topics --entity-name conf"));
        assertTrue(dynamic.lines().findFirst().orElseThrow().contains("NON-DEFAULT"), dynamic);
        assertTrue(row(dynamic, "min.insync.replicas").contains("DYNAMIC_TOPIC_CONFIG"), dynamic);
        assertTrue(row(dynamic, "min.insync.replicas").contains("*"), dynamic);
        assertTrue(row(dynamic, "retention.ms").contains("60000"), dynamic);

        RecordingContext all = line("%kafka-configs --describe --all --entity-type topics --entity-name conf");
        assertTrue(all.text().startsWith("All configs for topic conf are:"), all.text());
        String cleanup = row(table(all), "cleanup.policy");
        assertTrue(cleanup.contains("delete") && !cleanup.contains("*"), "a default value is not marked: " + cleanup);
        assertTrue(row(table(all), "min.insync.replicas").contains("*"));

        // bad input: one line each, nothing changes
        assertTrue(fails("%kafka-configs --alter --entity-type topics --entity-name conf --add-config retention.ms=1,no.such.key=1")
            .contains("Unknown topic config name: no.such.key"));
        assertTrue(fails("%kafka-configs --alter --entity-type topics --entity-name conf --delete-config segment.ms")
            .startsWith("Invalid config(s): segment.ms"));
        assertTrue(fails("%kafka-configs --alter --entity-type topics --entity-name nosuch --add-config retention.ms=1")
            .contains("The topic 'nosuch' doesn't exist"));
        assertTrue(fails("%kafka-configs --alter --entity-type topics --entity-name conf --add-config min.insync.replicas=x")
            .contains("min.insync.replicas"));
        assertTrue(fails("%kafka-configs --describe --entity-type users --entity-name alice").contains("Invalid entity type users"));
        assertTrue(fails("%kafka-configs --entity-type topics --entity-name conf").contains("exactly one action"));
        assertTrue(row(table(line("%kafka-configs --describe --entity-type topics --entity-name conf")), "retention.ms").contains("60000"),
            "the refused alters changed nothing");

        line("%kafka-configs --alter --entity-type topics --entity-name conf --delete-config retention.ms,min.insync.replicas");
        assertFalse(table(line("%kafka-configs --describe --entity-type topics --entity-name conf")).contains("retention.ms"));
    }

    @Test
    @Order(2)
    void brokerConfigs() throws Exception {
        line("%kafka-configs --alter --entity-type brokers --entity-name 101 --add-config log.cleaner.threads=2");
        RecordingContext described = line("%kafka-configs --describe --entity-type brokers --entity-name 101");
        assertTrue(described.text().startsWith("Dynamic configs for broker 101 are:"), described.text());
        assertTrue(row(table(described), "log.cleaner.threads").contains("DYNAMIC_BROKER_CONFIG"), table(described));
        assertTrue(fails("%kafka-configs --describe --entity-type brokers --entity-name x").contains("valid integer broker id"));
        assertTrue(fails("%kafka-configs --alter --entity-type brokers --entity-name 101 --add-config broker.id=7").contains("broker.id"));
        line("%kafka-configs --alter --entity-type brokers --entity-name 101 --delete-config log.cleaner.threads");
        assertFalse(table(line("%kafka-configs --describe --entity-type brokers --entity-name 101")).contains("log.cleaner.threads"));
    }

    private static String row(String table, String name) {
        return table.lines().filter(l -> l.strip().startsWith(name + " ")).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
    }

    // ---- acks=all at the limit, the health filters, preferred election --------------------------

    @Test
    @Order(3)
    void minIsrTwoWithTwoBrokersDownRefusesWritesAndLosesNothingAcknowledged() throws Exception {
        line("%kafka-topics --create --topic safe --partitions 1 --replication-factor 3 --config min.insync.replicas=2");
        List<String> acknowledged = new ArrayList<>();
        int failed = 0;
        try (KafkaProducer<String, String> producer = producer()) {
            acknowledged.addAll(sendAll(producer, "before", 20).acked);
            assertEquals(20, acknowledged.size());
            int leader = partitions("safe").get(0).leader().getAsInt();
            List<Integer> others = new ArrayList<>(List.of(101, 102, 103));
            others.remove(Integer.valueOf(leader));
            line("%kafka broker stop " + others.get(0));
            await("ISR of 2", () -> partitions("safe").get(0).isr().size() == 2);
            assertTrue(table(line("%kafka-topics --describe --at-min-isr-partitions --topic safe")).contains("safe"));
            assertTrue(table(line("%kafka-topics --describe --under-replicated-partitions --topic safe")).contains("safe"));
            acknowledged.addAll(sendAll(producer, "one-down", 20).acked);
            assertEquals(40, acknowledged.size(), "with 2 of 3 in sync, acks=all still works");

            line("%kafka broker stop " + others.get(1));
            await("ISR of 1", () -> partitions("safe").get(0).isr().size() == 1);
            assertTrue(table(line("%kafka-topics --describe --under-min-isr-partitions --topic safe")).contains("safe"));
            assertFalse(table(line("%kafka-topics --describe --unavailable-partitions --topic safe")).contains("safe"),
                "the leader still serves");
            Sent refused = sendAll(producer, "two-down", 10);
            failed = refused.failed.size();
            assertEquals(10, failed, "every acks=all write fails below min ISR; acked: " + refused.acked);
            for (Throwable t : refused.failed) {
                assertTrue(t instanceof NotEnoughReplicasException || t instanceof NotEnoughReplicasAfterAppendException,
                    "failed with " + t);
            }
            line("%kafka broker start " + others.get(0));
            line("%kafka broker start " + others.get(1));
        }
        awaitFullIsr("safe");
        Set<String> read = readAll("safe", acknowledged.size());
        assertTrue(read.containsAll(acknowledged), "every acknowledged record is there: missing "
            + acknowledged.stream().filter(v -> !read.contains(v)).toList());
        assertEquals(40, acknowledged.size());
        assertEquals(10, failed);
    }

    @Test
    @Order(4)
    void preferredElectionAfterTheBrokerReturns() throws Exception {
        line("%kafka-topics --create --topic pref --partitions 1 --replication-factor 3");
        PartitionReplicas p = partitions("pref").get(0);
        int preferred = p.replicas().get(0);
        assertEquals("Valid replica already elected for partitions pref-0",
            line("%kafka-leader-election --election-type preferred --topic pref --partition 0").text().strip(),
            "a healthy partition needs no election");
        line("%kafka broker stop " + preferred);
        await("a new leader", () -> partitions("pref").get(0).hasLeader() && !partitions("pref").get(0).ledBy(preferred));
        line("%kafka broker start " + preferred);
        awaitFullIsr("pref");
        assertFalse(partitions("pref").get(0).preferred(), "leadership does not come back by itself at once");
        assertEquals("Successfully completed leader election (PREFERRED) for partitions pref-0",
            line("%kafka-leader-election --election-type preferred --topic pref --partition 0").text().strip());
        await("the preferred leader back", () -> partitions("pref").get(0).ledBy(preferred));

        assertTrue(fails("%kafka-leader-election --election-type preferred --topic nosuch --partition 0").contains("'nosuch' does not exist"));
        assertTrue(fails("%kafka-leader-election --election-type preferred --topic pref --partition 5").contains("Partition 5 of topic pref does not exist"));
        assertTrue(fails("%kafka-leader-election --election-type fast --all-topic-partitions").contains("preferred or unclean"));
        assertTrue(fails("%kafka-leader-election --election-type preferred --topic pref").contains("go together"));
        assertTrue(fails("%kafka-leader-election --election-type preferred").contains("--all-topic-partitions"));
        String all = line("%kafka-leader-election --election-type unclean --all-topic-partitions").text().strip();
        assertFalse(all.contains("Successfully"), "no partition is without a leader: " + all);
    }

    @Test
    @Order(5)
    void uncleanElectionLosesExactlyTheRecordsTheNewLeaderMissed() throws Exception {
        line("%kafka-topics --create --topic risky --partitions 1 --replication-factor 2 --config min.insync.replicas=1");
        List<Integer> replicas = partitions("risky").get(0).replicas();
        int first = replicas.get(0);
        int second = replicas.get(1);
        await("first leads", () -> partitions("risky").get(0).ledBy(first));
        List<String> early;
        List<String> late;
        try (KafkaProducer<String, String> producer = producer()) {
            early = sendAll(producer, "risky", "early", 15).acked;
            line("%kafka broker stop " + second);
            await("ISR of 1", () -> partitions("risky").get(0).isr().equals(List.of(first)));
            late = sendAll(producer, "risky", "late", 10).acked;
        }
        assertEquals(15, early.size());
        assertEquals(10, late.size(), "min.insync.replicas=1: the leader alone acknowledges");
        line("%kafka broker stop " + first);
        line("%kafka broker start " + second);
        await("no leader: the only in-sync replica is down", () -> !partitions("risky").get(0).hasLeader());
        assertTrue(table(line("%kafka-topics --describe --unavailable-partitions --topic risky")).contains("risky"));
        String elected = line("%kafka-leader-election --election-type unclean --topic risky --partition 0").text().strip();
        assertEquals("Successfully completed leader election (UNCLEAN) for partitions risky-0", elected);
        await("the out-of-sync replica leads", () -> partitions("risky").get(0).ledBy(second));
        Set<String> read = readAll("risky", early.size() + late.size(), Duration.ofSeconds(8));
        assertTrue(read.containsAll(early), "the records both replicas had survive");
        List<String> lost = late.stream().filter(v -> !read.contains(v)).toList();
        assertEquals(late, lost, "exactly the records acknowledged while " + second + " was away are lost");
        line("%kafka broker start " + first);
        awaitFullIsr("risky");
    }

    // ---- kafka-reassign-partitions -------------------------------------------------------------

    @Test
    @Order(6)
    void replicationFactorOneToThreeByReassignment() throws Exception {
        line("%kafka-topics --create --topic single --partitions 2 --replication-factor 1");
        List<String> values;
        try (KafkaProducer<String, String> producer = producer()) {
            values = sendAll(producer, "rf1", 30).acked;
        }
        assertEquals(30, values.size());
        String plan = "{\"version\":1,\"partitions\":["
            + "{\"topic\":\"single\",\"partition\":0,\"replicas\":[101,102,103]},"
            + "{\"topic\":\"single\",\"partition\":1,\"replicas\":[102,103,101]}]}";
        List<Integer> before0 = partitions("single").get(0).replicas();
        RecordingContext executed = cell("%%kafka-reassign-partitions --execute", plan);
        List<String> out = executed.text().lines().toList();
        assertEquals("Current partition replica assignment", out.get(0));
        assertEquals("", out.get(1));
        assertTrue(out.get(2).startsWith("{\"version\":1,\"partitions\":[{\"topic\":\"single\",\"partition\":0,\"replicas\":"
            + before0.toString().replace(" ", "") + ",\"log_dirs\":[\"any\"]}"), out.get(2));
        assertEquals("Save this to use as the --reassignment-json-file option during rollback", out.get(4));
        assertEquals("Successfully started partition reassignments for single-0,single-1", out.get(5));

        Path file = work.resolve("plan.json");
        Files.writeString(file, plan);
        await("reassignment completed", () -> {
            try {
                return line("%kafka-reassign-partitions --verify --reassignment-json-file " + file).text()
                    .lines().filter(l -> l.endsWith("is completed.")).count() == 2;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String verified = line("%kafka-reassign-partitions --verify --reassignment-json-file " + file).text();
        assertEquals(List.of("Status of partition reassignment:", "Reassignment of partition single-0 is completed.",
            "Reassignment of partition single-1 is completed."), verified.lines().toList());
        assertEquals(List.of(101, 102, 103), partitions("single").get(0).replicas());
        assertEquals(List.of(102, 103, 101), partitions("single").get(1).replicas());
        awaitFullIsr("single");
        assertTrue(line("%kafka-topics --describe --topic single").text().contains("ReplicationFactor: 3"));
        assertTrue(readAll("single", values.size()).containsAll(values), "the records moved with the replicas");
    }

    @Test
    @Order(7)
    void generateProposesAPlanTheExecuteStepAccepts() throws Exception {
        line("%kafka-topics --create --topic spread --partitions 3 --replication-factor 2");
        RecordingContext generated = cell("%%kafka-reassign-partitions --generate --broker-list 101,102",
            "{\"topics\":[{\"topic\":\"spread\"}],\"version\":1}");
        List<String> out = generated.text().lines().toList();
        assertEquals("Current partition replica assignment", out.get(0));
        assertEquals("Proposed partition reassignment configuration", out.get(3));
        String proposed = out.get(4);
        assertFalse(proposed.contains("103"), "only the listed brokers: " + proposed);
        assertTrue(proposed.contains("\"replicas\":[101,102]") || proposed.contains("\"replicas\":[102,101]"), proposed);
        assertTrue(out.get(1).contains("\"topic\":\"spread\""), out.get(1));
        assertTrue(line("%kafka-topics --describe --topic spread").text().contains("ReplicationFactor: 2"), "generate changes nothing");
    }

    @Test
    @Order(8)
    void badPlansChangeNothing() throws Exception {
        List<PartitionReplicas> before = partitions("spread");
        assertTrue(cellFails("%%kafka-reassign-partitions --execute", "{\"version\":1,\"partitions\":[").startsWith("Invalid reassignment JSON"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute", "{\"version\":2,\"partitions\":[]}").contains("Not supported version"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute", "{version:1,partitions:[]}").startsWith("Invalid reassignment JSON: not valid JSON"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute",
            "{\"version\":1,\"partitions\":[{\"topic\":\"spread\",\"partition\":0,\"replicas\":[101,102]}]} trailing").contains("not valid JSON"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute",
            "{\"version\":1,\"partitions\":[{\"topic\":\"spread\",\"partition\":0,\"replicas\":[101,101]}]}").contains("Duplicate replica"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute",
            "{\"version\":1,\"partitions\":[{\"topic\":\"spread\",\"partition\":0,\"replicas\":[101,102]},{\"topic\":\"nosuch\",\"partition\":0,\"replicas\":[101]}]}")
            .contains("'nosuch' does not exist"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute",
            "{\"version\":1,\"partitions\":[{\"topic\":\"spread\",\"partition\":9,\"replicas\":[101]}]}").contains("Unable to find partition: spread-9"));
        assertTrue(cellFails("%%kafka-reassign-partitions --execute",
            "{\"version\":1,\"partitions\":[{\"topic\":\"spread\",\"partition\":0,\"replicas\":[101,999]}]}").contains("Unknown broker id(s) [999]"));
        assertTrue(cellFails("%%kafka-reassign-partitions --generate --broker-list 101,104", "{\"topics\":[{\"topic\":\"spread\"}],\"version\":1}")
            .contains("Unknown broker id(s)"));
        assertTrue(cellFails("%%kafka-reassign-partitions --generate --broker-list 101", "{\"topics\":[{\"topic\":\"spread\"}],\"version\":1}")
            .contains("Replication factor: 2 larger than available brokers: 1"));
        assertTrue(fails("%kafka-reassign-partitions --execute").contains("--reassignment-json-file"));
        assertTrue(fails("%kafka-reassign-partitions --verify --execute --reassignment-json-file x").contains("exactly one action"));
        assertTrue(fails("%kafka-reassign-partitions --execute --reassignment-json-file no-such.json").contains("no such file"));
        assertEquals(before.stream().map(PartitionReplicas::replicas).toList(),
            partitions("spread").stream().map(PartitionReplicas::replicas).toList());
    }

    // ---- traffic and live pictures -------------------------------------------------------------

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith(prefix)).toList();
    }

    private static long count(String table, String column) {
        List<String> lines = table.lines().toList();
        List<String> header = List.of(lines.get(0).trim().split("\\s{2,}"));
        String[] values = lines.get(1).trim().split("\\s{2,}");
        return Long.parseLong(values[header.indexOf(column)]);
    }

    @Test
    @Order(9)
    void trafficCountsAndTheLagWatchRedrawsOneDisplay() throws Exception {
        line("%kafka-topics --create --topic busy --partitions 3 --replication-factor 3");
        assertTrue(fails("%kafka traffic start --topic nosuch --rate 10/s").contains("'nosuch' does not exist"));
        assertTrue(fails("%kafka traffic start --topic busy --rate fast").contains("--rate takes records per second"));
        assertTrue(fails("%kafka traffic start --topic busy --rate 10/s --consumers 2").contains("goes with --group"));
        assertTrue(fails("%kafka traffic status").contains("no traffic has run"));
        String started = line("%kafka traffic start --topic busy --rate 200/s --keys 4 --group readers --consumers 2").text();
        assertTrue(started.startsWith("Traffic started: 200 records/s to busy with 4 keys, read by group readers (2 consumers)."), started);
        assertTrue(fails("%kafka traffic start --topic busy --rate 10/s").contains("is running"));
        assertEquals(3, threadsNamed("brokerbook-traffic-").size(), threadsNamed("brokerbook-traffic-").toString());

        await("some records acknowledged and read", () -> {
            try {
                String t = table(line("%kafka traffic status"));
                return count(t, "ACKNOWLEDGED") > 100 && count(t, "READ") > 50;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        assertTrue(fails("%kafka watch lag --group nobody --for 1s").contains("'nobody' does not exist"));
        RecordingContext watched = line("%kafka watch lag --group readers --every 300ms --for 2s");
        assertEquals(1, watched.displays.size(), "one display, redrawn in place");
        String svg = (String) watched.displays.get(0).data().get("image/svg+xml");
        assertTrue(svg.contains("data-series=\"total\"") && svg.contains("data-series=\"busy-0\""), svg);
        assertTrue(svg.contains("(ran for 2 s)"), "the last frame says why it stopped");
        String summary = watched.text().strip();
        assertTrue(summary.startsWith("Watch ran for 2 s; "), summary);
        int updates = Integer.parseInt(summary.replaceAll(".*; (\\d+) updates\\.", "$1"));
        assertTrue(updates >= 2 && updates <= 7, summary);
        assertTrue(threadsNamed("brokerbook-watch-").isEmpty(), "a watch in the cell has no thread of its own");

        RecordingContext stopped = line("%kafka traffic stop");
        assertTrue(stopped.text().startsWith("Traffic stopped."), stopped.text());
        String counts = table(stopped);
        assertEquals(0, count(counts, "FAILED"), counts);
        assertEquals(count(counts, "SENT"), count(counts, "ACKNOWLEDGED"), counts);
        assertEquals(count(counts, "ACKNOWLEDGED"), count(counts, "READ"), "every acknowledged record was read: " + counts);
        assertEquals(0, count(counts, "ACKED-UNREAD"), counts);
        assertTrue(threadsNamed("brokerbook-traffic-").isEmpty(), threadsNamed("brokerbook-traffic-").toString());
        assertTrue(threadsNamed("kafka-producer-network-thread | brokerbook-traffic").isEmpty());
    }

    @Test
    @Order(10)
    void aWatchStopsWhenInterrupted() throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split("kafka layout --watch --every 200ms --for 60s");
        Thread cell = new Thread(() -> {
            try {
                host.find("kafka").orElseThrow().line().run(words.subList(1, words.size()), ctx);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long t0 = System.nanoTime();
        cell.start();
        await("the watch is drawing", () -> ctx.hasInterruptHandler() && !ctx.displays.isEmpty());
        Thread.sleep(600);
        ctx.interrupt();
        cell.interrupt();
        cell.join(15_000);
        assertFalse(cell.isAlive());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "stopped long before --for");
        assertTrue(ctx.text().startsWith("Watch interrupted; "), ctx.text());
        assertEquals(1, ctx.displays.size());
        assertTrue(ctx.displays.get(0).plainText().contains("(layout watch interrupted)"), ctx.displays.get(0).plainText());
    }

    @Test
    @Order(11)
    void theIsrTimelineSeesABrokerStopAndReturnAsData() throws Exception {
        line("%kafka-topics --create --topic swim --partitions 2 --replication-factor 3");
        assertTrue(fails("%kafka watch isr --topic nosuch --for 1s").contains("'nosuch' does not exist"));
        assertTrue(fails("%kafka watch isr --topic swim --every soon").contains("--every takes a duration"));
        assertTrue(fails("%kafka watch isr --topic swim --for 0s").contains("--for must be at least 200 ms"));
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split("kafka watch isr --topic swim --every 200ms --for 10m");
        Thread cell = new Thread(() -> {
            try {
                host.find("kafka").orElseThrow().line().run(words.subList(1, words.size()), ctx);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        cell.start();
        await("the timeline is drawing", () -> ctx.hasInterruptHandler() && !ctx.displays.isEmpty());
        line("%kafka broker stop 103");
        await("the timeline saw the ISR shrink", () -> ctx.displays.get(0).plainText().contains("103 down")
            && ctx.displays.get(0).plainText().lines().filter(l -> l.contains("swim-") && l.contains("ISR [")).allMatch(l -> !l.contains("103")));
        line("%kafka broker start 103");
        awaitFullIsr("swim");
        await("the timeline saw 103 return", () -> ctx.displays.get(0).plainText().contains("103 up"));
        Thread.sleep(600);
        ctx.interrupt();
        cell.interrupt();
        cell.join(15_000);
        assertFalse(cell.isAlive());
        assertTrue(ctx.text().startsWith("Watch interrupted; "), ctx.text());
        assertEquals(1, ctx.displays.size(), "one display, redrawn in place");
        String svg = (String) ctx.displays.get(0).data().get("image/svg+xml");
        assertTrue(ctx.displays.get(0).plainText().contains("(interrupted)"), ctx.displays.get(0).plainText());
        assertTrue(svg.contains("data-kind=\"down\" data-label=\"103 down\"") && svg.contains("data-kind=\"up\" data-label=\"103 up\""), svg);
        for (String lane : List.of("swim-0", "swim-1")) {
            String spans = svg.substring(svg.indexOf("data-lane=\"" + lane + "\""));
            spans = spans.substring(0, spans.indexOf("</g>\n"));
            List<String> sizes = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-value=\"(\\d+)\"").matcher(spans);
            while (m.find()) {
                sizes.add(m.group(1));
            }
            assertEquals("3", sizes.get(0), lane + " " + sizes);
            assertTrue(sizes.contains("2"), "the ISR drop is in the data: " + lane + " " + sizes);
            assertEquals("3", sizes.get(sizes.size() - 1), lane + " " + sizes);
        }
        assertTrue(threadsNamed("brokerbook-watch-").isEmpty(), "a watch in the cell has no thread of its own");
    }

    @Test
    @Order(99)
    void kafkaStopEndsTrafficAndBackgroundWatches() throws Exception {
        line("%kafka traffic start --topic busy --rate 50/s --group late");
        RecordingContext bg = line("%kafka layout --watch --every 300ms --for 5m --background");
        assertTrue(bg.text().startsWith("Watching in the background for 300 s"), bg.text());
        RecordingContext lag = line("%kafka watch lag --group late --every 300ms --for 5m --background");
        RecordingContext isr = line("%kafka watch isr --topic busy --every 300ms --for 5m --background");
        assertEquals(3, threadsNamed("brokerbook-watch-").size(), threadsNamed("brokerbook-watch-").toString());
        await("the background lag chart redraws", () -> lag.displays.get(0).plainText().contains("busy-"));
        assertTrue(line("%kafka stop").text().contains("Kafka lab stopped"));
        assertTrue(threadsNamed("brokerbook-watch-").isEmpty(), threadsNamed("brokerbook-watch-").toString());
        assertTrue(threadsNamed("brokerbook-traffic-").isEmpty(), threadsNamed("brokerbook-traffic-").toString());
        assertTrue(lag.displays.get(0).plainText().contains("(stopped)"), lag.displays.get(0).plainText());
        assertTrue(isr.displays.get(0).plainText().contains("(stopped)"), isr.displays.get(0).plainText());
    }

    // ---- the same outcomes as Kafka's own tools on the same cluster ----------------------------

    /** Runs one of Kafka's CLI tools in a JVM of its own (their main() ends the JVM) and returns its stdout. */
    private static String kafkaTool(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), mainClass + " did not end");
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    private static Set<String> partitionsListed(String kafkaTopicsOutput) {
        Set<String> found = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Topic: (\\S+)\\s+Partition: (\\d+)").matcher(kafkaTopicsOutput);
        while (m.find()) {
            found.add(m.group(1) + "-" + m.group(2));
        }
        return found;
    }

    private Set<String> partitionsShown(String magicLine) throws Exception {
        Set<String> found = new java.util.TreeSet<>();
        table(line(magicLine)).lines().skip(1).map(l -> l.trim().split("\\s{2,}")).filter(r -> r.length > 1)
            .forEach(r -> found.add(r[0] + "-" + r[1]));
        return found;
    }

    @Test
    @Order(12)
    void theSameOutcomesAsKafkasOwnTools() throws Exception {
        String bootstrap = kafka().bootstrapServers();
        line("%kafka-topics --create --topic parity --partitions 2 --replication-factor 3 --config min.insync.replicas=2");
        line("%kafka-configs --alter --entity-type topics --entity-name parity --add-config retention.ms=120000");

        assertEquals(kafkaTool("org.apache.kafka.tools.LeaderElectionCommand", "--bootstrap-server", bootstrap,
                "--election-type", "preferred", "--topic", "parity", "--partition", "0").strip(),
            line("%kafka-leader-election --election-type preferred --topic parity --partition 0").text().strip());

        String theirs = kafkaTool("kafka.admin.ConfigCommand", "--bootstrap-server", bootstrap, "--describe",
            "--entity-type", "topics", "--entity-name", "parity");
        RecordingContext ours = line("%kafka-configs --describe --entity-type topics --entity-name parity");
        assertEquals(theirs.lines().findFirst().orElseThrow(), ours.text().lines().findFirst().orElseThrow());
        Set<String> theirNames = new java.util.TreeSet<>(theirs.lines().skip(1).filter(l -> l.startsWith("  "))
            .map(l -> l.strip().substring(0, l.strip().indexOf('='))).toList());
        Set<String> ourNames = new java.util.TreeSet<>(table(ours).lines().skip(1).map(l -> l.strip().split("\\s+")[0]).toList());
        assertEquals(Set.of("min.insync.replicas", "retention.ms"), theirNames);
        assertEquals(theirNames, ourNames);

        line("%kafka broker stop 103");
        await("ISR of 2 for parity", () -> partitions("parity").stream().allMatch(p -> p.isr().size() == 2));
        for (String filter : List.of("--at-min-isr-partitions", "--under-min-isr-partitions", "--under-replicated-partitions",
                "--unavailable-partitions")) {
            Set<String> kafkas = partitionsListed(kafkaTool("org.apache.kafka.tools.TopicCommand", "--bootstrap-server", bootstrap,
                "--describe", filter, "--topic", "parity"));
            assertEquals(kafkas, partitionsShown("%kafka-topics --describe " + filter + " --topic parity"), filter);
        }
        assertEquals(Set.of("parity-0", "parity-1"), partitionsShown("%kafka-topics --describe --at-min-isr-partitions --topic parity"));
        line("%kafka broker start 103");
        awaitFullIsr("parity");

        Path plan = work.resolve("plan.json");
        List<String> kafkaVerify = kafkaTool("org.apache.kafka.tools.reassign.ReassignPartitionsCommand", "--bootstrap-server",
            bootstrap, "--verify", "--reassignment-json-file", plan.toString()).lines().toList();
        List<String> ourVerify = line("%kafka-reassign-partitions --verify --reassignment-json-file " + plan).text().lines().toList();
        assertEquals(kafkaVerify.subList(0, ourVerify.size()), ourVerify);
    }

    @Test
    @Order(13)
    void completesTheFailoverToolsValues() {
        assertEquals(List.of("brokers", "topics"), host.completers.get("kafka-configs").candidates(
            new CompletionRequest("kafka-configs", List.of("--describe", "--entity-type"), "", "", List.of(), "--entity-type")));
        List<String> names = host.completers.get("kafka-configs").candidates(
            new CompletionRequest("kafka-configs", List.of("--entity-name"), "", "", List.of(), "--entity-name"));
        assertTrue(names.containsAll(List.of("101", "102", "103", "parity")), names.toString());
        assertEquals(List.of("preferred", "unclean"), host.completers.get("kafka-leader-election").candidates(
            new CompletionRequest("kafka-leader-election", List.of("--election-type"), "", "", List.of(), "--election-type")));
        assertTrue(host.completers.get("kafka").candidates(new CompletionRequest("kafka", List.of("watch", "lag", "--group"), "",
            "watch lag", List.of(), "--group")).contains("readers"));
    }

    // ---- clients -------------------------------------------------------------------------------

    private record Sent(List<String> acked, List<Throwable> failed) {
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.RETRIES_CONFIG, "0");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Sends {@code count} records one by one and sorts them into acknowledged and failed. */
    private static Sent sendAll(KafkaProducer<String, String> producer, String prefix, int count) throws InterruptedException {
        return sendAll(producer, prefix.equals("rf1") ? "single" : "safe", prefix, count);
    }

    private static Sent sendAll(KafkaProducer<String, String> producer, String topic, String prefix, int count) throws InterruptedException {
        List<String> acked = new ArrayList<>();
        List<Throwable> failed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            Future<?> f = producer.send(new ProducerRecord<>(topic, value));
            try {
                f.get(30, TimeUnit.SECONDS);
                acked.add(value);
            } catch (ExecutionException e) {
                failed.add(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                failed.add(e);
            }
        }
        return new Sent(acked, failed);
    }

    private Set<String> readAll(String topic, int atLeast) {
        return readAll(topic, atLeast, Duration.ofSeconds(30));
    }

    /** Reads from the beginning until {@code atLeast} values or {@code patience} passed. */
    private Set<String> readAll(String topic, int atLeast, Duration patience) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = partitions(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + patience.toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
