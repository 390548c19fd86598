package io.brokerbook.kernel.maven;

/** A resolution that failed, said in one line: what is missing or unreachable, and what to do about it. */
public final class ResolutionFailure extends RuntimeException {
    public ResolutionFailure(String oneLine) {
        super(oneLine, null, false, false);
    }
}
