package io.brokerbook.cluster.kafka;

import kafka.tools.DumpLogSegments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kafka's own {@code kafka-dump-log.sh} ({@code kafka.tools.DumpLogSegments} of the Kafka the lab runs) in this JVM:
 * the same arguments, the same text. What it prints with Scala's {@code println} is captured and returned; its
 * {@code Exit.exit} (a failed argument check) ends the tool, never the JVM.
 */
public final class KafkaDumpLog {
    private KafkaDumpLog() {
    }

    /** Runs the tool with Kafka's own arguments and returns what it printed to standard output. */
    public static String run(List<String> args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            KafkaExitGuard.runTool(() -> scala.Console.withOut(out, () -> {
                DumpLogSegments.main(args.toArray(String[]::new));
                return null;
            }));
        } catch (KafkaExitGuard.ToolExit exit) {
            throw new KafkaLabException("kafka-dump-log ended with exit status " + exit.status()
                    + (exit.getMessage() == null ? "" : ": " + exit.getMessage().strip().lines().findFirst().orElse("")));
        } catch (RuntimeException e) {
            throw new KafkaLabException("kafka-dump-log failed: " + KafkaLabException.oneLine(e), e);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
