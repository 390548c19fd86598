package io.brokerbook.kernel.protocol;

/** The kernel's ZeroMQ channels that carry signed messages (heartbeat carries raw bytes). */
public enum Channel {
    SHELL, CONTROL, IOPUB, STDIN
}
