package io.brokerbook.kernel.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenPartsTest {
    @Test
    void coordinatesInResolverOrder() {
        assertEquals(new Coordinates("g", "a", "jar", "", "1.0"), Coordinates.parse("g:a:1.0"));
        assertEquals(new Coordinates("g", "a", "pom", "", "1.0"), Coordinates.parse("g:a:pom:1.0"));
        assertEquals(new Coordinates("g", "a", "jar", "tests", "1.0"), Coordinates.parse("g:a:jar:tests:1.0"));
        assertEquals("g:a:jar:tests:1.0", Coordinates.parse("g:a:jar:tests:1.0").toString());
        assertEquals("g:a", Coordinates.parse(" g:a:1.0 ").key());
        for (String bad : List.of("guava", "g:a", "g::1.0", "g:a:b:c:d:1.0", "g:a b:1.0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Coordinates.parse(bad));
            assertTrue(e.getMessage().startsWith("Bad coordinates '" + bad + "': write GROUP:ARTIFACT:VERSION"), e.getMessage());
        }
    }

    @Test
    void pomDependenciesFromAWholeProject() {
        PomDependencies pom = PomDependencies.parse("""
            <?xml version="1.0"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <properties><text.version>1.12.0</text.version></properties>
              <dependencyManagement><dependencies><dependency>
                <groupId>managed</groupId><artifactId>only</artifactId><version>9</version>
              </dependency></dependencies></dependencyManagement>
              <dependencies>
                <dependency>
                  <groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId>
                  <version>${text.version}</version>
                  <exclusions><exclusion><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId></exclusion></exclusions>
                </dependency>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                  <version>5.11.4</version><scope>test</scope></dependency>
              </dependencies>
              <repositories><repository><id>corp</id><url>https://repo.example.org/maven</url></repository></repositories>
            </project>""");
        assertEquals(List.of(new MavenDependency(Coordinates.parse("org.apache.commons:commons-text:1.12.0"),
            List.of("org.apache.commons:commons-lang3"))), pom.dependencies());
        assertEquals(List.of(new Repository("corp", "https://repo.example.org/maven")), pom.repositories());
        assertEquals(List.of("org.junit.jupiter:junit-jupiter:5.11.4 (scope test)"), pom.skipped());
    }

    @Test
    void pomFragments() {
        assertEquals(2, PomDependencies.parse("<dependency><groupId>a</groupId><artifactId>b</artifactId>"
            + "<version>1</version></dependency>\n<dependency><groupId>c</groupId><artifactId>d</artifactId>"
            + "<version>2</version><type>test-jar</type></dependency>").dependencies().size());
        assertEquals(Coordinates.parse("c:d:jar:tests:2"), PomDependencies.parse("<dependencies><dependency>"
            + "<groupId>c</groupId><artifactId>d</artifactId><version>2</version><type>test-jar</type></dependency>"
            + "</dependencies>").dependencies().get(0).coordinates());
        IllegalArgumentException noVersion = assertThrows(IllegalArgumentException.class, () -> PomDependencies.parse(
            "<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>"));
        assertTrue(noVersion.getMessage().contains("(b has no version)"), noVersion.getMessage());
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
            () -> PomDependencies.parse("<dependency><groupId>a</groupId>"));
        assertTrue(broken.getMessage().startsWith("The cell is not well-formed XML"), broken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PomDependencies.parse(
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><dependency>&e;</dependency>"));
    }

    @Test
    void kernelArtifactsFromTheBuildsDependencyList() {
        assertEquals(java.util.Map.of("org.apache.kafka:kafka-clients", "4.1.1", "org.scala-lang:scala-library", "2.13.16",
                "g:a", "1.0"),
            KernelArtifacts.fromDependencyList(List.of("", "The following files have been resolved:",
                "   org.apache.kafka:kafka-clients:jar:4.1.1:compile -- module kafka.clients (auto)",
                "   org.scala-lang:scala-library:jar:2.13.16:compile -- module scala.library [auto]",
                "   g:a:jar:tests:1.0:runtime")));
    }

    @Test
    void kernelArtifactsComeFromPomProperties(@TempDir Path dir) throws IOException {
        FileRepository repo = new FileRepository(dir).publish("org.apache.kafka", "kafka-clients", "4.1.1");
        Path jar = repo.jar("org.apache.kafka", "kafka-clients", "4.1.1");
        KernelArtifacts k = KernelArtifacts.of(jar + File.pathSeparator + dir.resolve("missing.jar")
            + File.pathSeparator + dir);
        assertEquals(Optional.of("4.1.1"), k.version("org.apache.kafka:kafka-clients"));
        assertEquals(Optional.empty(), k.version("redis.clients:jedis"));
        assertEquals(1, k.size());
    }
}
