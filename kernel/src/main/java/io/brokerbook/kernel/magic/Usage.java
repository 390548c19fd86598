package io.brokerbook.kernel.magic;

import io.brokerbook.magics.Magic;

/** The help text of a magic: its usage, or its summary when it has none. */
final class Usage {
    private Usage() {
    }

    static String of(Magic m) {
        String text = m.usage().isBlank() ? forms(m) + "\n  " + m.summary() : m.usage();
        return text.endsWith("\n") ? text : text + "\n";
    }

    static String forms(Magic m) {
        if (m.line() != null && m.cell() != null) {
            return "%" + m.name() + " / %%" + m.name();
        }
        return (m.line() != null ? "%" : "%%") + m.name();
    }
}
