package io.brokerbook.kernel.jshell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavadocTest {
    @Test
    void rawJavadocBecomesPlainText() {
        String raw = " Returns the greater of two {@code int} values. That is, the\n"
            + " result is the argument closer to the value of\n"
            + " {@link Integer#MAX_VALUE}. If the arguments have the same value,\n"
            + " the result is that same value.\n"
            + "\n"
            + " @param   a   an argument.\n"
            + " @param   b   another argument.\n"
            + " @return  the larger of {@code a} and {@code b}.\n";
        assertEquals("Returns the greater of two int values. That is, the result is the argument closer to the value of "
            + "Integer.MAX_VALUE. If the arguments have the same value, the result is that same value.\n"
            + "\n"
            + "Parameters:\n"
            + "  a - an argument.\n"
            + "  b - another argument.\n"
            + "\n"
            + "Returns:\n"
            + "  the larger of a and b.", Javadoc.plainText(raw));
    }

    @Test
    void htmlParagraphsListsAndEntities() {
        assertEquals("First &lt; part.\n\nSecond, with a <b>.\n\n - one\n - two",
            Javadoc.html("First &amp;lt; part.<p>Second, with a &lt;b&gt;.<ul><li>one</li><li>two</li></ul>"));
    }

    @Test
    void linksShowTheirLabelOrTarget() {
        assertEquals("see the label and String.valueOf and length",
            Javadoc.inlineTags("see {@link Foo#bar the label} and {@link String#valueOf} and {@linkplain #length}"));
        assertEquals("a {nested} b", Javadoc.inlineTags("a {@code {nested}} b"));
    }

    @Test
    void blockTagsContinueOnTheNextLines() {
        assertEquals("Does it.\n\nThrows:\n  IllegalStateException - when it cannot do it right now",
            Javadoc.plainText("Does it.\n@throws IllegalStateException when it cannot\n   do it right now\n"));
    }
}
