package io.brokerbook.kernel;

import java.util.List;

/** A failed cell as Jupyter shows it: name, value and traceback lines (no kernel-internal frames). */
public class CellError extends Exception {
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public CellError(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    /** A one-line error (bad magic input and the like): the traceback is that line. */
    public static CellError oneLine(String ename, String line) {
        return new CellError(ename, line, List.of(line));
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
