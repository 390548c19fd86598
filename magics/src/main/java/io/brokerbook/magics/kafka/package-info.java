/**
 * The Kafka magics: Kafka's CLI tools as magics with the same names and flags, on the kernel's one cluster
 * ({@link io.brokerbook.magics.kafka.KafkaSession}: the in-JVM lab of {@code %kafka start} or an external cluster).
 * <ul>
 *   <li>{@code %kafka start|stop|status|connect|broker stop/start|quorum|layout} ({@link io.brokerbook.magics.kafka.KafkaLabMagic},
 *       picture by {@link io.brokerbook.magics.kafka.LayoutSvg})</li>
 *   <li>{@code %kafka-topics} ({@link io.brokerbook.magics.kafka.KafkaTopicsMagic}),
 *       {@code %kafka-console-producer} / {@code %%kafka-console-producer} ({@link io.brokerbook.magics.kafka.ConsoleProducerMagic}),
 *       {@code %kafka-console-consumer} with {@code --members N} ({@link io.brokerbook.magics.kafka.ConsoleConsumerMagic},
 *       {@link io.brokerbook.magics.kafka.GroupMembersRun}), {@code %kafka-consumer-groups}
 *       ({@link io.brokerbook.magics.kafka.ConsumerGroupsMagic}), {@code %kafka-get-offsets}
 *       ({@link io.brokerbook.magics.kafka.GetOffsetsMagic}), {@code %kafka-metadata-quorum}
 *       ({@link io.brokerbook.magics.kafka.MetadataQuorumMagic}), {@code %kafka-producer-perf-test} /
 *       {@code %kafka-consumer-perf-test} ({@link io.brokerbook.magics.kafka.PerfTestMagics})</li>
 *   <li>the {@code kafka} variable of Java cells: {@link io.brokerbook.magics.kafka.KafkaApi}</li>
 *   <li>one send path ({@link io.brokerbook.magics.kafka.BulkSender}) and one read loop
 *       ({@link io.brokerbook.magics.kafka.ConsoleReader}) shared by the magics, Java cells and the benchmark.</li>
 * </ul>
 */
package io.brokerbook.magics.kafka;
