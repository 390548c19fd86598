package io.brokerbook.magics;

import java.util.List;

/** A {@code %%name args…} magic: the first line's arguments plus the rest of the cell as body. */
@FunctionalInterface
public interface CellMagic {
    void run(List<String> args, String body, MagicContext ctx) throws Exception;
}
