package io.brokerbook.magics;

import java.util.List;

/** A {@code %name args…} magic. Arguments arrive already split shell-style (quotes honoured). */
@FunctionalInterface
public interface LineMagic {
    void run(List<String> args, MagicContext ctx) throws Exception;
}
