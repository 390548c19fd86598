package io.brokerbook.kernel.maven;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver against a file:// repository the test writes, with a private local repository. */
class AetherResolverTest {
    @TempDir
    Path dir;
    private String previousLocal;
    private FileRepository remote;
    private Repository repo;

    @BeforeEach
    void repository() throws IOException {
        previousLocal = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", dir.resolve("local").toString());
        remote = new FileRepository(dir.resolve("remote"))
            .publish("com.example", "words", "1.0")
            .publish("com.example", "greeting", "1.0", "com.example:words:1.0");
        repo = new Repository("test", remote.root().toUri().toString());
    }

    @AfterEach
    void restore() {
        if (previousLocal == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", previousLocal);
        }
    }

    @Test
    void resolvesTransitivelyIntoTheLocalRepository() {
        DependencyResolver resolver = ResolverLoader.load();
        List<String> downloaded = new ArrayList<>();
        TransferProgress progress = new TransferProgress() {
            @Override
            public void downloading(String resource, String repository, long soFar, long total) {
            }

            @Override
            public void downloaded(String resource, long bytes) {
                downloaded.add(resource);
            }
        };
        List<ResolvedArtifact> got = resolver.resolve(List.of(MavenDependency.of(Coordinates.parse(
            "com.example:greeting:1.0"))), List.of(repo), progress);
        assertEquals(List.of("com.example:greeting:1.0", "com.example:words:1.0"),
            got.stream().map(r -> r.coordinates().toString()).toList());
        for (ResolvedArtifact r : got) {
            assertTrue(r.file().startsWith(dir.resolve("local")), r.file().toString());
            assertTrue(Files.isRegularFile(r.file()));
            assertEquals("com.example:greeting:1.0", r.wantedBy());
        }
        assertTrue(downloaded.stream().anyMatch(d -> d.endsWith("words-1.0.jar")), downloaded.toString());
        assertEquals(dir.resolve("local").toString(), resolver.localRepository());
    }

    @Test
    void missingArtifactsAndDeadRepositoriesAreOneLine() {
        DependencyResolver resolver = ResolverLoader.load();
        TransferProgress none = new TransferProgress() {
            @Override
            public void downloading(String resource, String repository, long soFar, long total) {
            }

            @Override
            public void downloaded(String resource, long bytes) {
            }
        };
        ResolutionFailure missing = assertThrows(ResolutionFailure.class, () -> resolver.resolve(
            List.of(MavenDependency.of(Coordinates.parse("com.example:nope:1.0"))), List.of(repo), none));
        assertEquals("com.example:nope:1.0 was not found in " + repo + ": check the coordinates, or add its "
            + "repository with %mavenRepo ID URL.", missing.getMessage());
        Repository dead = new Repository("dead", "http://127.0.0.1:9/maven2/");
        ResolutionFailure unreachable = assertThrows(ResolutionFailure.class, () -> resolver.resolve(
            List.of(MavenDependency.of(Coordinates.parse("com.example:elsewhere:1.0"))), List.of(dead), none));
        assertTrue(unreachable.getMessage().startsWith("Could not reach dead (http://127.0.0.1:9/maven2/): "),
            unreachable.getMessage());
        assertTrue(!unreachable.getMessage().contains("\n"));
    }
}
