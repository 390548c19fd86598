package io.brokerbook.magics.display;

/** A shown output that can be replaced in place ({@code update_display_data}). */
public interface DisplayHandle {
    String id();

    void update(DisplayData data);
}
