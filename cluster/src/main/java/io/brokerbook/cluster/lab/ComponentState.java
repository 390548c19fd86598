package io.brokerbook.cluster.lab;

/** Where a lab component stands, as {@code %lab status} shows it. */
public enum ComponentState {
    /** A server this lab started is serving. */
    RUNNING("running"),
    /** Connected to a server the lab did not start (it keeps running after stop). */
    CONNECTED("connected"),
    /** A server this lab started died without being asked to stop. */
    CRASHED("crashed"),
    /** Nothing started or connected. */
    STOPPED("stopped");

    private final String label;

    ComponentState(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
