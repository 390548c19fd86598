package io.brokerbook.kernel.output;

/** Asks the frontend for one line of input (an {@code input_request} on the stdin channel). */
@FunctionalInterface
public interface InputRequester {
    String readLine(String prompt, boolean password) throws InterruptedException;
}
