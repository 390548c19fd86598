package io.brokerbook.kernel.jshell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserTermsTest {
    @Test
    void variablesAndClassesLoseTheirWrapper() {
        assertEquals("Cannot invoke \"Object.toString()\" because \"o\" is null",
            UserTerms.text("Cannot invoke \"Object.toString()\" because \"REPL.$JShell$22.o\" is null"));
        assertEquals("class Foo cannot be cast to class java.lang.Integer",
            UserTerms.text("class REPL.$JShell$35$Foo cannot be cast to class java.lang.Integer"));
        assertEquals("MyEx", UserTerms.text("REPL.$JShell$28$MyEx"));
        assertEquals("Outer$Inner.m", UserTerms.text("REPL.$JShell$7B$Outer$Inner.m"));
        assertEquals("a and b", UserTerms.text("REPL.$JShell$1.a and REPL.$JShell$2.b"));
    }

    @Test
    void textWithoutWrapperNamesIsUnchanged() {
        assertEquals("price $JShell$ is $5", UserTerms.text("price $JShell$ is $5"));
        assertEquals("", UserTerms.text(""));
        assertEquals("java.lang.String", UserTerms.text("java.lang.String"));
    }

    @Test
    void jshellsLoaderIsNamedForWhatItIs() {
        assertEquals("(Foo is in unnamed module of loader the notebook's class loader; java.lang.Integer is in module "
                + "java.base of loader 'bootstrap')",
            UserTerms.text("(REPL.$JShell$35$Foo is in unnamed module of loader "
                + "jdk.jshell.execution.DefaultLoaderDelegate$RemoteClassLoader @7eeeeee6; java.lang.Integer is in "
                + "module java.base of loader 'bootstrap')"));
    }

    @Test
    void diagnosticsDropTheEmptyLocation() {
        assertEquals("cannot find symbol\n  symbol:   variable foo",
            UserTerms.diagnostic("cannot find symbol\n  symbol:   variable foo\n  location: class "));
        assertEquals("cannot find symbol\n  symbol:   method f()\n  location: class Box",
            UserTerms.diagnostic("cannot find symbol\n  symbol:   method f()\n  location: class REPL.$JShell$3$Box"));
    }
}
