package io.brokerbook.cluster.lab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShownPathTest {
    @Test
    void belowTheNotebookFolderIsRelativeElsewhereAbsolute() {
        Path notebooks = Path.of("/course/notebooks");
        assertEquals("kafka-data", ShownPath.of(Path.of("/course/notebooks/kafka-data"), notebooks));
        assertEquals("kafka-data/broker-101", ShownPath.of(Path.of("/course/notebooks/./kafka-data/broker-101"), notebooks));
        assertEquals(".", ShownPath.of(notebooks, notebooks));
        assertEquals("/course/notebooks-old/x", ShownPath.of(Path.of("/course/notebooks-old/x"), notebooks));
        assertEquals("/data/redis", ShownPath.of(Path.of("/course/notebooks/../../data/redis"), notebooks));
    }
}
