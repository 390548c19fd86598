/**
 * Kafka clusters for the class: a real Apache Kafka cluster inside the current JVM, or an existing one, behind one
 * {@link io.brokerbook.cluster.kafka.KafkaCluster} interface (a lab component of kind {@code kafka}).
 * <ul>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaLab#start(KafkaLabSpec)}: KRaft controller(s) 1..3 first, then
 *       brokers 101..; everything on 127.0.0.1; the first broker on 9092 when free; data in a temp dir (removed on
 *       stop) or a chosen dir (kept: topics, records and committed offsets survive a full stop/start); Kafka's logs
 *       in {@link io.brokerbook.cluster.kafka.KafkaCluster#logFile()}, never on stdout. Brokers stop (clean or
 *       abrupt) and start again: {@link io.brokerbook.cluster.kafka.KafkaCluster#stopBroker(int, boolean)}.</li>
 *   <li>{@link io.brokerbook.cluster.kafka.ExternalKafka#connect(String)}: an existing cluster; inspections only.</li>
 *   <li>{@link io.brokerbook.cluster.kafka.KafkaInspector}: what Kafka's CLI tools show, and a
 *       {@link io.brokerbook.cluster.kafka.PartitionLayout} to draw.</li>
 *   <li>User errors are {@link io.brokerbook.cluster.kafka.KafkaLabException}s with a one-line message;
 *       {@link io.brokerbook.cluster.kafka.AdminCalls} turns admin results into them.</li>
 * </ul>
 */
package io.brokerbook.cluster.kafka;
