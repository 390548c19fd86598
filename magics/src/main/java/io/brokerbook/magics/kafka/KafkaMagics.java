package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The Kafka pack: {@code %kafka} (the lab), the CLI-named magics ({@code %kafka-topics},
 * {@code %kafka-console-producer}/{@code %%kafka-console-producer}, {@code %kafka-console-consumer},
 * {@code %kafka-consumer-groups}, {@code %kafka-get-offsets}, {@code %kafka-metadata-quorum},
 * {@code %kafka-dump-log} (the KRaft metadata log as Kafka's own tool prints it),
 * {@code %kafka-producer-perf-test}, {@code %kafka-consumer-perf-test}; the failover tools {@code %kafka-configs},
 * {@code %kafka-leader-election}, {@code %kafka-reassign-partitions}) and the {@code kafka} variable
 * ({@link KafkaApi}) of Java cells. Nothing starts until {@code %kafka start}; the lab stops with the kernel.
 */
public final class KafkaMagics implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<KafkaCluster> slot = host.lab().register(KafkaCluster.KIND, KafkaSession.NO_CLUSTER);
        KafkaSession session = new KafkaSession(slot);
        host.onShutdown(session);
        host.bind("kafka", KafkaApi.class, new KafkaApi(session));
        KafkaRenderers.register(host.renderers());
        registry.register(new KafkaLabMagic(session).magic());
        registry.register(new KafkaTopicsMagic(session).magic());
        registry.register(new ConsoleProducerMagic(session).magic());
        registry.register(new ConsoleConsumerMagic(session).magic());
        registry.register(new ConsumerGroupsMagic(session).magic());
        registry.register(new GetOffsetsMagic(session).magic());
        registry.register(new MetadataQuorumMagic(session).magic());
        registry.register(new DumpLogMagic(session).magic());
        registry.register(new KafkaConfigsMagic(session).magic());
        registry.register(new LeaderElectionMagic(session).magic());
        registry.register(new ReassignPartitionsMagic(session).magic());
        new PerfTestMagics(session).magics().forEach(registry::register);
        KafkaCompletions.register(registry, host, session);
    }
}
