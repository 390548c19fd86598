package io.brokerbook.cluster.lb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleParserTest {
    @Test
    void hostMatchesIgnoringCaseAndPort() {
        Rule r = RuleParser.parse("Host(`whoami.localhost`)");
        assertTrue(r.matches("whoami.localhost", "/"));
        assertTrue(r.matches("WHOAMI.localhost:8000", "/x"));
        assertFalse(r.matches("other.localhost", "/"));
        assertFalse(r.matches(null, "/"));
    }

    @Test
    void andOrNotAndParenthesesCombine() {
        Rule r = RuleParser.parse("Host(`shop.localhost`) && (PathPrefix(`/api`) || Path(\"/health\")) && !PathPrefix(`/api/admin`)");
        assertTrue(r.matches("shop.localhost", "/api/items"));
        assertTrue(r.matches("shop.localhost", "/health"));
        assertFalse(r.matches("shop.localhost", "/api/admin/x"));
        assertFalse(r.matches("shop.localhost", "/"));
        assertFalse(r.matches("whoami.localhost", "/api"));
        assertEquals("((Host(`shop.localhost`) && (PathPrefix(`/api`) || Path(`/health`))) && !PathPrefix(`/api/admin`))",
            r.toString());
    }

    @Test
    void hostTakesSeveralNames() {
        Rule r = RuleParser.parse("Host(`a.localhost`, `b.localhost`)");
        assertTrue(r.matches("b.localhost", "/"));
    }

    @Test
    void badSyntaxIsOneLineWithColumn() {
        assertError("Host(whoami.localhost)", "column 6", "backquotes");
        assertError("Host(`whoami.localhost`", "column 24", "expected ')'");
        assertError("Hots(`whoami.localhost`)", "column 1", "unknown matcher 'Hots'");
        assertError("Host(`a`) & PathPrefix(`/x`)", "column 11", "&&");
        assertError("Host(`a`) &&", "column 13", "expected a matcher");
        assertError("", "empty", "Host(`whoami.localhost`)");
        assertError("Host(`a)", "column 6", "unclosed");
    }

    private static void assertError(String rule, String... parts) {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> RuleParser.parse(rule));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}
