package io.brokerbook.kernel.magic;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinMagicsExpandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void layout() throws IOException {
        for (String f : List.of("lib/a.jar", "lib/b.jar", "lib/notes.txt", "lib/sub/c.jar", "lib/sub/deeper/d.jar",
            "lib2/e.jar", "other/f.jar")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.createDirectories(dir.resolve("classes/io/example"));
    }

    private List<Path> paths(String... relative) {
        return List.of(relative).stream().map(dir::resolve).toList();
    }

    @Test
    void plainPathsAreAbsoluteAndNormalized() {
        assertEquals(paths("lib/a.jar"), BuiltinMagics.expand(dir.resolve("lib/a.jar").toString()));
        assertEquals(paths("lib/a.jar"), BuiltinMagics.expand(dir + "/lib/sub/../a.jar"));
        assertEquals(paths("classes"), BuiltinMagics.expand(dir.resolve("classes") + "/"));
    }

    @Test
    void missingPlainPathExpandsToNothing() {
        assertEquals(List.of(), BuiltinMagics.expand(dir.resolve("lib/zzz.jar").toString()));
    }

    @Test
    void relativePathsStartAtTheWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        String rel = cwd.relativize(dir).toString();
        assertEquals(paths("lib/b.jar"), BuiltinMagics.expand(rel + "/lib/b.jar"));
        assertEquals(paths("lib2/e.jar"), BuiltinMagics.expand(rel + "/lib2/*.jar"));
        assertEquals(paths("lib/a.jar", "lib/b.jar"), BuiltinMagics.expand(rel + "/other/../lib/*.jar"));
    }

    @Test
    void starMatchesOneLevelOnlyAndResultsAreSorted() {
        assertEquals(paths("lib/a.jar", "lib/b.jar"), BuiltinMagics.expand(dir + "/lib/*.jar"));
        assertEquals(paths("lib/a.jar", "lib/b.jar", "lib/notes.txt", "lib/sub"), BuiltinMagics.expand(dir + "/lib/*"));
    }

    @Test
    void otherGlobSyntax() {
        assertEquals(paths("lib/a.jar", "lib/b.jar"), BuiltinMagics.expand(dir + "/lib/?.jar"));
        assertEquals(paths("lib/b.jar"), BuiltinMagics.expand(dir + "/lib/[b-z].jar"));
        assertEquals(paths("lib/a.jar", "lib/notes.txt"), BuiltinMagics.expand(dir + "/lib/{a.jar,notes.*}"));
    }

    @Test
    void wildcardInADirectoryName() {
        assertEquals(paths("lib/a.jar", "lib/b.jar", "lib2/e.jar"), BuiltinMagics.expand(dir + "/lib*/*.jar"));
        assertEquals(paths("lib/sub/c.jar"), BuiltinMagics.expand(dir + "/lib/*/*.jar"));
    }

    @Test
    void doubleStarDescendsIntoSubdirectories() {
        List<Path> found = BuiltinMagics.expand(dir + "/lib/**/*.jar");
        assertTrue(found.containsAll(paths("lib/sub/c.jar", "lib/sub/deeper/d.jar")), found.toString());
        assertFalse(found.stream().anyMatch(p -> p.startsWith(dir.resolve("lib2")) || p.startsWith(dir.resolve("other"))));
    }

    @Test
    void doubleStarSlashAlsoMatchesZeroDirectories() {
        assertEquals(paths("lib/a.jar", "lib/b.jar", "lib/sub/c.jar", "lib/sub/deeper/d.jar"),
            BuiltinMagics.expand(dir + "/lib/**/*.jar"));
        assertEquals(paths("lib/sub/deeper/d.jar"), BuiltinMagics.expand(dir + "/lib/**/deeper/**/*.jar"));
        assertEquals(paths("lib/sub/c.jar"), BuiltinMagics.expand(dir + "/**/sub/*.jar"));
    }

    @Test
    void globUnderAMissingDirectoryExpandsToNothing() {
        assertEquals(List.of(), BuiltinMagics.expand(dir + "/nope/*.jar"));
        assertEquals(List.of(), BuiltinMagics.expand(dir + "/lib/*.war"));
    }
}
