package io.brokerbook.kernel.maven;

/** What a resolution reports while it downloads; called from the resolver's download threads. */
public interface TransferProgress {
    /** {@code bytesSoFar} of {@code totalBytes} (-1 if the server did not say) of {@code resource} from {@code repository}. */
    void downloading(String resource, String repository, long bytesSoFar, long totalBytes);

    void downloaded(String resource, long bytes);
}
