package io.brokerbook.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportedNamesTest {
    private static Set<String> names(String declaration) {
        return ImportedNames.of(declaration).orElseThrow(() -> new AssertionError("no names for " + declaration));
    }

    @Test
    void aPackageOfTheRuntimeImageNamesItsClassesButNotNestedOnes() {
        Set<String> util = names("import java.util.*;");
        assertTrue(util.containsAll(Set.of("List", "Map", "HashMap", "Optional")), util.toString());
        assertFalse(util.contains("Entry"), "Map.Entry is named through Map");
        assertTrue(names("import java.time.*;").contains("Duration"));
    }

    @Test
    void aPackageInAJarOfTheClasspath() {
        Set<String> tablesaw = names("import tech.tablesaw.api.*;");
        assertTrue(tablesaw.containsAll(Set.of("Table", "StringColumn", "IntColumn")), tablesaw.toString());
    }

    @Test
    void aPackageInADirectoryOfTheClasspath() {
        Set<String> api = names("import io.brokerbook.kernel.api.*;"); // target/classes while testing
        assertTrue(api.containsAll(Set.of("DisplayValue", "DisplayRef")), api.toString());
    }

    @Test
    void staticMembersAndSingleNames() {
        Set<String> display = names("import static io.brokerbook.kernel.api.DisplayValue.*;");
        assertTrue(display.containsAll(Set.of("html", "markdown", "svg", "latex", "image")), display.toString());
        assertEquals(Set.of("DisplayRef"), names("import io.brokerbook.kernel.api.DisplayRef;"));
        assertEquals(Set.of("max"), names("import static java.lang.Math.max;"));
    }

    @Test
    void unknownPackagesAndNonImportsHaveNoNames() {
        assertEquals(Optional.empty(), ImportedNames.of("import no.such.pkg.*;"));
        assertEquals(Optional.empty(), ImportedNames.of("import static no.such.Type.*;"));
        assertEquals(Optional.empty(), ImportedNames.of("int x = 1;"));
    }
}
