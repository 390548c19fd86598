package io.brokerbook.magics.kafka;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProducerWindowsTest {
    @Test
    void aWindowClosesWithTheFirstAckAfterTheIntervalAndPrintsKafkasLine() {
        List<ProducerWindows.Window> closed = new ArrayList<>();
        ProducerWindows w = new ProducerWindows(10_000, 5000, closed::add);
        for (int i = 0; i < 999; i++) {
            w.record(2, 1024, 10_000 + i * 5);
        }
        assertEquals(0, closed.size());
        w.record(10, 1024, 15_000);
        assertEquals(1, closed.size());
        ProducerWindows.Window first = closed.get(0);
        assertEquals(1000, first.records());
        assertEquals(200.0, first.recordsPerSec(), 1e-9);
        assertEquals(0.0, first.fromSeconds());
        assertEquals(5.0, first.toSeconds());
        assertEquals("1000 records sent, 200.0 records/sec (0.20 MB/sec), 2.0 ms avg latency, 10.0 ms max latency.", first.line());
        w.record(4, 1024, 17_000);
        w.record(6, 1024, 20_000);
        assertEquals(2, closed.size());
        assertEquals("2 records sent, 0.4 records/sec (0.00 MB/sec), 5.0 ms avg latency, 6.0 ms max latency.", closed.get(1).line());
        assertEquals(5.0, closed.get(1).fromSeconds());
        assertEquals(10.0, closed.get(1).toSeconds());
    }
}
