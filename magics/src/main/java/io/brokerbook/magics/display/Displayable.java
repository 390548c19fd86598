package io.brokerbook.magics.display;

/** An object that knows its own rich representation; the kernel shows it so when a cell returns it. */
@FunctionalInterface
public interface Displayable {
    DisplayData toDisplayData();
}
