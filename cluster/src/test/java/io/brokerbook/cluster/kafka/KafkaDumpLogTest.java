package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's DumpLogSegments in this JVM: its Exit.exit ends the tool with a one-line error, never the JVM. */
class KafkaDumpLogTest {
    @Test
    void theToolsExitEndsTheToolNotTheJvm() {
        LabException e = assertThrows(LabException.class, () -> KafkaDumpLog.run(List.of()));
        assertTrue(e.getMessage().startsWith("kafka-dump-log ended with exit status "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        // the JVM is still here, and a second run behaves the same
        assertThrows(LabException.class, () -> KafkaDumpLog.run(List.of("--print-data-log")));
    }
}
