package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code %kafka stop} while {@code %kafka-console-consumer --members N} and {@code %kafka-consumer-perf-test} read
 * on other threads (as the kernel's shutdown does while a cell runs): each ends with the one line, none leaves a
 * client thread behind, and the lab starts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaStopEndsMagicConsumersTest {
    private static final String STOPPED = "Consumer ended: the Kafka lab was stopped (%kafka stop).";

    private Path work;
    private TestKernelHost host;

    @BeforeAll
    void startLab() throws Exception {
        work = Files.createTempDirectory("kafka-stop-consumers-test");
        host = new TestKernelHost(work);
        new KafkaMagics().register(host, host);
        line("%kafka start --brokers 1");
    }

    @AfterAll
    void shutdown() throws Exception {
        host.shutdown();
    }

    private RecordingContext line(String magicLine) throws Exception {
        return line(magicLine, new RecordingContext());
    }

    private RecordingContext line(String magicLine, RecordingContext ctx) throws Exception {
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow(() -> new AssertionError("no magic " + words.get(0)));
        magic.line().run(words.subList(1, words.size()), ctx);
        return ctx;
    }

    /** Runs a magic on a thread of its own, as a cell the kernel runs while {@code %kafka stop} comes from elsewhere. */
    private CompletableFuture<RecordingContext> onAnotherThread(String magicLine, RecordingContext ctx) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return line(magicLine, ctx);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private int groupMembers(String group) {
        try {
            KafkaApi kafka = (KafkaApi) host.bound.get("kafka");
            return kafka.admin().describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                .get(group).members().size();
        } catch (Exception notYet) {
            return 0;
        }
    }

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith("kafka-coordinator-heartbeat") || n.startsWith("consumer_background_thread")
                || n.startsWith("kafka-console-consumer-"))
            .sorted().toList();
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what);
            }
            Thread.sleep(200);
        }
    }

    private static KafkaLabException endedWith(CompletableFuture<RecordingContext> run) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
        Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        return assertInstanceOf(KafkaLabException.class, cause, () -> "ended with " + cause);
    }

    @Test
    void kafkaStopEndsTheMembersAndThePerfTestWithOneLineEach() throws Exception {
        line("%kafka-topics --create --topic stopping --partitions 2 --replication-factor 1");
        line("%kafka-producer-perf-test --topic stopping --num-records 200 --record-size 20 --throughput -1");
        List<String> before = clientThreads();

        RecordingContext membersCtx = new RecordingContext();
        CompletableFuture<RecordingContext> members = onAnotherThread(
            "%kafka-console-consumer --topic stopping --group stop-members --members 2 --from-beginning --timeout-ms 600000",
            membersCtx);
        RecordingContext perfCtx = new RecordingContext();
        CompletableFuture<RecordingContext> perf = onAnotherThread(
            "%kafka-consumer-perf-test --topic stopping --group stop-perf --messages 100000000 --timeout 600000", perfCtx);
        awaitTrue("the 2 members and the perf test joined their groups",
            () -> groupMembers("stop-members") == 2 && groupMembers("stop-perf") == 1);

        long t0 = System.nanoTime();
        String stopped = line("%kafka stop").text();
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(stopped.startsWith("Kafka lab stopped"), stopped);

        KafkaLabException membersEnded = endedWith(members);
        KafkaLabException perfEnded = endedWith(perf);
        System.out.println("%kafka stop with --members 2 and a consumer perf test running: " + stopMs + " ms; they ended with:\n  "
            + membersEnded.getMessage() + "\n  " + perfEnded.getMessage());
        assertEquals(STOPPED, membersEnded.getMessage());
        assertEquals(STOPPED, perfEnded.getMessage());
        assertTrue(membersCtx.text().contains("Processed a total of "), membersCtx.text());
        awaitTrue("no Kafka consumer thread left: " + clientThreads(), () -> clientThreads().equals(before));

        line("%kafka start --brokers 1");
        line("%kafka-topics --create --topic again --partitions 1 --replication-factor 1");
        assertTrue(line("%kafka stop").text().startsWith("Kafka lab stopped"));
    }
}
