package dev.karuta.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How parts make the answer: every part up is ready; a part down or a check that throws is not. */
class ReadinessTest {
    private static final Check UP = Check.of("registry", () -> Status.up("kind", "memory"));

    @Test
    void everyPartUpIsReadyAndTheJsonListsThemInOrder() {
        Report r = new Readiness(List.of(UP, Check.of("udp", () -> Status.up("port", 6969)))).check();
        assertTrue(r.ready());
        assertEquals(Map.of("status", "up", "parts", Map.of("registry", Map.of("status", "up", "kind", "memory"),
                "udp", Map.of("status", "up", "port", 6969))), r.json());
        assertEquals(List.of("registry", "udp"), List.copyOf(r.parts().keySet()));
    }

    @Test
    void onePartDownMakesTheNodeNotReady() {
        Report r = new Readiness(List.of(UP, Check.of("udp", () -> Status.down("error", "gone")))).check();
        assertFalse(r.ready());
        assertEquals("down", r.json().get("status"));
    }

    @Test
    void aCheckThatThrowsIsAPartDownNamingTheFailureButNotItsMessage() {
        Check broken = Check.of("registry", () -> {
            throw new IllegalStateException("cannot reach redis://:hunter2@10.0.0.1:6379");
        });
        Report r = new Readiness(List.of(broken, Check.of("udp", () -> Status.up()))).check();
        assertFalse(r.ready());
        Status s = r.parts().get("registry");
        assertFalse(s.isUp());
        assertEquals("the check failed: IllegalStateException", s.details().get("error"));
        assertFalse(r.json().toString().contains("hunter2"), r.json().toString());
        assertTrue(r.parts().get("udp").isUp(), "the other parts are still checked");
    }

    @Test
    void aNodeWithNothingToCheckIsReady() {
        assertTrue(new Readiness(List.of()).check().ready());
    }
}
