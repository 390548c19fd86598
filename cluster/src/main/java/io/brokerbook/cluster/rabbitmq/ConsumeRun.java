package io.brokerbook.cluster.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code consume}: N consumers, each on its own channel (a channel is not to be shared between threads),
 * until {@code maxMessages} were taken or none arrived for the idle timeout. Consumer 1 may "crash" after K
 * messages: it closes its channel without acknowledging, and RabbitMQ requeues what it held (redelivered=true).
 */
final class ConsumeRun {
    private final RabbitLab lab;
    private final String queue;
    private final ConsumeOptions options;
    private final List<DeliveryRow> rows = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private long lastArrival = System.nanoTime();
    private int taken;
    private int liveConsumers;

    ConsumeRun(RabbitLab lab, String queue, ConsumeOptions options) {
        this.lab = lab;
        this.queue = queue;
        this.options = options;
    }

    List<DeliveryRow> run() throws IOException {
        try {
            for (int i = 1; i <= options.consumers(); i++) {
                Channel ch = lab.openChannel();
                channels.add(ch);
                if (options.prefetch() > 0) {
                    ch.basicQos(options.prefetch());
                }
                synchronized (this) {
                    liveConsumers++; // before basic.consume: deliveries may arrive before it returns
                }
                ch.basicConsume(queue, options.ack() == ConsumeOptions.AckMode.AUTO, "brokerbook-" + i, new Member(ch, i));
            }
            awaitEnd();
        } finally {
            // NONE: closing the channels requeues every unacknowledged message
            channels.forEach(RabbitLab::closeQuietly);
        }
        synchronized (this) {
            return List.copyOf(rows);
        }
    }

    private synchronized void awaitEnd() {
        long idle = options.idleTimeout().toNanos();
        while (!done()) {
            long left = lastArrival + idle - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean done() {
        return (options.maxMessages() > 0 && taken >= options.maxMessages()) || liveConsumers == 0;
    }

    /** One consumer of the run; RabbitMQ's client calls it on one thread per channel, in delivery order. */
    private final class Member extends DefaultConsumer {
        private final int number;
        private int mine;
        private boolean crashed;

        Member(Channel channel, int number) {
            super(channel);
            this.number = number;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
            boolean crash;
            synchronized (ConsumeRun.this) {
                if (crashed) {
                    return; // in flight when it "died": RabbitMQ requeues it with the channel
                }
                if (done()) {
                    if (options.ack() != ConsumeOptions.AckMode.AUTO) {
                        getChannel().basicReject(envelope.getDeliveryTag(), true); // over the limit: back to the queue
                        return;
                    }
                }
                mine++;
                taken++;
                lastArrival = System.nanoTime();
                boolean doomed = number == 1 && options.crashAfter() > 0; // it never acks: it is about to die
                crash = doomed && mine >= options.crashAfter();
                String ack = doomed || options.ack() == ConsumeOptions.AckMode.NONE ? "not acked: requeued when its channel closed"
                    : options.ack() == ConsumeOptions.AckMode.AUTO ? "auto (acked on delivery)" : "acked";
                crashed = crash;
                if (!doomed && options.ack() == ConsumeOptions.AckMode.MANUAL) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
                rows.add(RabbitMessaging.row(number, envelope, body, ack));
                ConsumeRun.this.notifyAll();
            }
            if (crash) {
                closeAbruptly();
            }
        }

        /** The consumer "dies": its channel closes with its deliveries unacknowledged. */
        private void closeAbruptly() {
            synchronized (ConsumeRun.this) {
                liveConsumers--;
                ConsumeRun.this.notifyAll();
            }
            try {
                getChannel().abort();
            } catch (IOException e) {
                // already closed: its deliveries are requeued either way
            }
        }
    }
}
