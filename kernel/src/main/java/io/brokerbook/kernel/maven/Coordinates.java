package io.brokerbook.kernel.maven;

import java.util.Objects;

/**
 * Maven coordinates as {@code %maven} takes them: {@code GROUP:ARTIFACT:VERSION}, or with an extension
 * ({@code GROUP:ARTIFACT:EXTENSION:VERSION}) and a classifier ({@code GROUP:ARTIFACT:EXTENSION:CLASSIFIER:VERSION}),
 * the order Maven Resolver uses.
 */
public record Coordinates(String groupId, String artifactId, String extension, String classifier, String version) {
    public Coordinates {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(artifactId);
        extension = extension == null || extension.isEmpty() ? "jar" : extension;
        classifier = classifier == null ? "" : classifier;
        Objects.requireNonNull(version);
    }

    /** Parses coordinates; anything else is a one-line {@link IllegalArgumentException} saying what to write. */
    public static Coordinates parse(String text) {
        String[] p = text.strip().split(":", -1);
        boolean blank = false;
        for (String part : p) {
            blank |= part.isBlank() || part.chars().anyMatch(Character::isWhitespace);
        }
        if (p.length < 3 || p.length > 5 || blank) {
            throw new IllegalArgumentException("Bad coordinates '" + text + "': write GROUP:ARTIFACT:VERSION, e.g. "
                + "org.apache.commons:commons-text:1.12.0 (or GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION).");
        }
        return switch (p.length) {
            case 3 -> new Coordinates(p[0], p[1], "jar", "", p[2]);
            case 4 -> new Coordinates(p[0], p[1], p[2], "", p[3]);
            default -> new Coordinates(p[0], p[1], p[2], p[3], p[4]);
        };
    }

    /** {@code group:artifact}: what two versions of the same library share. */
    public String key() {
        return groupId + ":" + artifactId;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (extension.equals("jar") && classifier.isEmpty() ? ""
            : ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier)) + ":" + version;
    }
}
