package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggedPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/announce|/announce",
        "/scrape|/scrape",
        "/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa/announce|/<passkey>/announce",
        "/karuta/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa/scrape|/karuta/<passkey>/scrape",
        "/siteSECRETsiteSECRETsiteSECRET12/update|/<secret>/update",
        "/reportSECRETreportSECRETreport12/report|/<secret>/report",
        "/key;jsessionid=1/announce;x=y|/<passkey>/announce;x=y",
        "/api/users/12|/api/users/12",
        "''|''",
        // A passkey sent to a mistyped or unknown route is still a passkey.
        "/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa/anounce|/<passkey>/anounce",
        "/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa|/<passkey>",
        "/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa/|/<passkey>/",
        "/%61liceaaaaaaaaaaaaaaaaaaaaaaaaaaa/x|/<passkey>/x",
        // Escaped route names are looked through; a short key before one is masked too.
        "/short/%61nnounce|/<passkey>/%61nnounce",
        "/admin/api/private/users/12/passkey|/admin/api/private/users/12/passkey",
        "/admin/api/swarms/0123456789abcdef0123456789abcdef01234567|/admin/api/swarms/0123456789abcdef0123456789abcdef01234567",
    })
    void thePasskeyAndTheOcelotSecretBecomeAFixedMark(String path, String logged) {
        assertEquals(logged, LoggedPath.redact(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "info_hash=%01%02&peer_id=-qB4650-abc&port=6881|info_hash=%01%02&peer_id=-qB4650-abc&port=6881",
        "action=add_user&id=5&passkey=aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa|action=add_user&id=5&passkey=<passkey>",
        "action=change_passkey&oldpasskey=a1&newpasskey=b2|action=change_passkey&oldpasskey=<passkey>&newpasskey=<passkey>",
        "action=remove_users&passkeys=aaaabbbb|action=remove_users&passkeys=<passkey>",
        "PassKey=x&%70asskey=y|PassKey=<passkey>&%70asskey=<passkey>",
        "info_hash=x&key=1A2B3C4D&secret=s&password=p|info_hash=x&key=<secret>&secret=<secret>&password=<secret>",
        "q=aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa|q=<passkey>",
        "aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa|<passkey>",
        "a&&b=|a&&b=",
        "x=1&|x=1&",
    })
    void credentialValuesOfTheQueryBecomeAMark(String query, String logged) {
        assertEquals(logged, LoggedPath.redactQuery(query));
    }

    @Test
    void theRequestLogTextFitsQuotesAndJsonStrings() {
        assertEquals("/<passkey>/announce?info_hash=%01&key=<secret>",
                LoggedPath.forRequestLog("/aliceaaaaaaaaaaaaaaaaaaaaaaaaaaa/announce", "info_hash=%01&key=9"));
        assertEquals("/a%22b%5Cc%2Cd%20e%C3%A9", LoggedPath.forRequestLog("/a\"b\\c,d e\u00e9", null));
        assertEquals("/x?", LoggedPath.forRequestLog("/x", ""));
        String huge = LoggedPath.forRequestLog("/x", "a=" + "b".repeat(10_000));
        assertEquals(LoggedPath.MAX_REQUEST_LOG_LENGTH + 3, huge.length());
        assertTrue(huge.endsWith("..."));
    }

    @Test
    void nullAndOverlongPathsAreSafe() {
        assertEquals("", LoggedPath.redact(null));
        assertEquals("", LoggedPath.redactQuery(null));
        assertEquals(LoggedPath.MAX_LENGTH + 1, LoggedPath.redact("/x".repeat(10_000)).length());
    }
}
