package io.brokerbook.kernel.maven;

/** A remote Maven repository: an id (as settings.xml mirrors and servers refer to it) and its URL. */
public record Repository(String id, String url) {
    public static final Repository CENTRAL = new Repository("central", "https://repo.maven.apache.org/maven2/");

    @Override
    public String toString() {
        return id + " (" + url + ")";
    }
}
