package io.brokerbook.kernel.maven;

import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.DisplayHandle;

import java.util.Locale;

/**
 * One line under the cell that follows the downloads of a resolution ("Downloading guava-33.0.0-jre.jar: 1.2 of
 * 3.0 MB") and ends as a summary ("Downloaded 4 files, 3.4 MB in 2.1 s"); nothing when everything was in the
 * local repository. Updates at most every {@value #EVERY_MS} ms.
 */
final class DownloadProgress implements TransferProgress, AutoCloseable {
    private static final long EVERY_MS = 250;

    private final MagicContext ctx;
    private final long startNanos = System.nanoTime();
    private DisplayHandle line;
    private long lastUpdate;
    private int files;
    private long bytes;

    DownloadProgress(MagicContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public synchronized void downloading(String resource, String repository, long bytesSoFar, long totalBytes) {
        long now = System.nanoTime() / 1_000_000;
        if (line != null && now - lastUpdate < EVERY_MS) {
            return;
        }
        lastUpdate = now;
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        String amount = totalBytes > 0 ? size(bytesSoFar) + " of " + size(totalBytes) : size(bytesSoFar);
        show("Downloading " + name + " from " + repository + ": " + amount);
    }

    @Override
    public synchronized void downloaded(String resource, long size) {
        files++;
        bytes += size;
    }

    private void show(String text) {
        DisplayData d = DisplayData.text(text);
        if (line == null) {
            line = ctx.displayUpdatable(d);
        } else {
            line.update(d);
        }
    }

    @Override
    public synchronized void close() {
        if (files > 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            show(String.format(Locale.ROOT, "Downloaded %d %s, %s in %.1f s", files, files == 1 ? "file" : "files",
                size(bytes), seconds));
        }
    }

    static String size(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
    }
}
