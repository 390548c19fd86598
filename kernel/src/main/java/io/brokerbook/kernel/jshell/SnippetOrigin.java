package io.brokerbook.kernel.jshell;

/** Where a snippet came from ({@code cell [3]}, or a file {@code %load} read), to turn JShell's "#id:line" into a line there. */
record SnippetOrigin(String cell, int firstLine) {
    String line(int lineInSnippet) {
        return cell + ", line " + (firstLine + lineInSnippet - 1);
    }
}
