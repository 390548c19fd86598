package io.brokerbook.kernel.magic;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the session added to the cells' classpath on top of the kernel's own jars ({@code %jars}, {@code %classpath},
 * {@code %maven}, {@code %%loadFromPOM}), in the order it was added and with what added it: {@code %classpath}
 * without arguments lists it.
 */
public final class CellClasspath {
    /** @param addedBy how it came, e.g. {@code %jars} or {@code %maven com.example:words:1.0, a dependency of com.example:greeting:1.0} */
    public record Entry(String path, String addedBy) { }

    private final Consumer<String> addToJShell;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** @param addToJShell puts a path on JShell's classpath (compiler and class loader) */
    public CellClasspath(Consumer<String> addToJShell) {
        this.addToJShell = addToJShell;
    }

    public void add(String path, String addedBy) {
        addToJShell.accept(path);
        entries.add(new Entry(path, addedBy));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
