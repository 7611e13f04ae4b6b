package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    })
    void thePasskeyAndTheOcelotSecretBecomeAFixedMark(String path, String logged) {
        assertEquals(logged, LoggedPath.redact(path));
    }

    @org.junit.jupiter.api.Test
    void nullAndOverlongPathsAreSafe() {
        assertEquals("", LoggedPath.redact(null));
        assertEquals(LoggedPath.MAX_LENGTH + 1, LoggedPath.redact("/x".repeat(10_000)).length());
    }
}
