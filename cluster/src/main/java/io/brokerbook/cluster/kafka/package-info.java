/**
 * A real Apache Kafka cluster inside the current JVM for the class, and the same inspections on an external cluster.
 * <ul>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaLab#start(KafkaLabSpec)}: KRaft controller(s) 1..3 first, then
 *       brokers 101..; everything on 127.0.0.1; the first broker on 9092 when free; data in a temp dir (removed on
 *       close) or a chosen dir (kept: topics, records and committed offsets survive a full stop/start); Kafka's logs
 *       in {@link io.brokerbook.cluster.kafka.KafkaLab#logFile()}, never on stdout.</li>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaLab#connect(String)}: an existing cluster; inspections only.</li>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaLab#stopBroker(int, boolean)} /
 *       {@link io.brokerbook.cluster.kafka.KafkaLab#startBroker(int)}: one broker down (clean or abrupt) and back.</li>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaInspector}: tablesaw tables with Kafka's CLI column names, and a
 *       {@link io.brokerbook.cluster.kafka.PartitionLayout} to draw.</li>
 *   <li>User errors are {@link io.brokerbook.cluster.kafka.KafkaLabException}s with a one-line message.</li>
 * </ul>
 */
package io.brokerbook.cluster.kafka;
