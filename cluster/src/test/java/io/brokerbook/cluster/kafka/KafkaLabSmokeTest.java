package io.brokerbook.cluster.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaLabSmokeTest {
    @Test
    void startsAndStops() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaLab lab = KafkaLab.start(KafkaLabSpec.defaults().ephemeralPorts(true))) {
            System.err.println("start ms " + (System.nanoTime() - t0) / 1_000_000 + " " + lab.bootstrapServers() + " log " + lab.logFile());
            System.err.println(lab.inspect().brokers().print());
            System.err.println(lab.inspect().quorum().print());
            System.err.println(LabTestSupport.listeningSocketsOfThisJvm());
            assertEquals(3, lab.admin().describeCluster().nodes().get().size());
            t0 = System.nanoTime();
        }
        System.err.println("stop ms " + (System.nanoTime() - t0) / 1_000_000);
    }
}
