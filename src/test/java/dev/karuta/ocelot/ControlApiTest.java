package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.TrackerException;
import org.junit.jupiter.api.Test;

/** The secrets guard each half of the API, a wrong one is counted and changes nothing. */
class ControlApiTest {
    private static final String SITE = "siteSECRET0123456789abcdefghijkl";
    private static final String REPORT = "reportSECRET0123456789abcdefghij";
    private static final String NEW_KEY = "newKEY0000000000000000000000000N";

    private final ControlFixture f = new ControlFixture();
    private final ControlApi api = new ControlApi(new Secret(SITE), new Secret(REPORT), f.control, f.updates,
            f.reports(false), 6144);

    private String refusal(String path, String query) {
        return assertThrows(TrackerException.class, () -> api.answer(path, query)).getMessage();
    }

    @Test
    void eachSecretOpensItsOwnHalf() {
        assertEquals("success", api.answer("/" + SITE + "/update", "action=add_user&id=7&passkey=" + NEW_KEY));
        assertEquals("0 leeching\n0 seeding\nsuccess", api.answer("/" + REPORT + "/report", "get=user&key=" + NEW_KEY));
        assertEquals("Authentication failure", refusal("/" + REPORT + "/update", "action=remove_user&passkey=" + ALICE));
        assertEquals("Authentication failure", refusal("/" + SITE + "/report", "get=stats"));
        assertEquals(1, f.roster.user(ALICE).id(), "alice is still there");
        assertEquals(1, f.control.badSiteSecrets());
        assertEquals(1, f.control.badReportSecrets());
        assertEquals(4, f.control.requests());
    }

    @Test
    void aWrongSecretIsRefusedBeforeTheQueryIsRead() {
        assertEquals("Authentication failure", refusal("/x" + SITE + "/update", "action=%zz"));
        assertEquals("Authentication failure", refusal("//update", null));
        assertEquals("malformed percent-encoding in query", refusal("/" + SITE + "/update", "action=%zz"));
    }

    @Test
    void anApiThatIsOffRefusesEverything() {
        ControlApi off = new ControlApi(new Secret(""), new Secret(REPORT), f.control, f.updates, f.reports(false), 6144);
        assertEquals("Authentication failure",
                assertThrows(TrackerException.class, () -> off.answer("//update", "action=remove_user&passkey=" + ALICE))
                        .getMessage());
        assertEquals(1, f.roster.user(ALICE).id());
        assertEquals("Authentication failure", assertThrows(TrackerException.class,
                () -> ControlApi.off().answer("/" + REPORT + "/report", "get=stats")).getMessage());
    }
}
