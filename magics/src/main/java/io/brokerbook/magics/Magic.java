package io.brokerbook.magics;

import java.util.Objects;

/**
 * One named magic: its line form, its cell form (either may be absent), a one-line summary for
 * {@code %lsmagic} and a usage text for {@code %help NAME} / {@code %NAME --help}; {@code spec}, when the magic
 * was made from an {@link ArgSpec}, lets the kernel complete its options and subcommands (null otherwise).
 */
public record Magic(String name, String summary, String usage, LineMagic line, CellMagic cell, ArgSpec spec) {
    public Magic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("Bad magic name: " + name);
        }
        if (line == null && cell == null) {
            throw new IllegalArgumentException("Magic " + name + " has neither a line nor a cell form");
        }
        usage = usage == null ? "" : usage;
    }

    public Magic(String name, String summary, String usage, LineMagic line, CellMagic cell) {
        this(name, summary, usage, line, cell, null);
    }

    public static Magic line(String name, String summary, String usage, LineMagic line) {
        return new Magic(name, summary, usage, line, null);
    }

    public static Magic cell(String name, String summary, String usage, CellMagic cell) {
        return new Magic(name, summary, usage, null, cell);
    }

    /** A magic from an {@link ArgSpec}: summary and usage come from the spec. */
    public static Magic of(ArgSpec spec, LineMagic line, CellMagic cell) {
        return new Magic(spec.name(), spec.summary(), spec.usage(), line, cell, spec);
    }
}
