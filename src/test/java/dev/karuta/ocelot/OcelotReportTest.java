package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ALICE;
import static dev.karuta.ocelot.ControlFixture.BOB;
import static dev.karuta.ocelot.ControlFixture.ODD;
import static dev.karuta.ocelot.ControlFixture.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.Event;
import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports in both formats, with figures that follow what the tracker did. */
class OcelotReportTest {
    private final ControlFixture f = new ControlFixture();

    private String report(boolean opsnet, String query) {
        return f.reports(opsnet).report(QueryString.parse(query, 6144));
    }

    private String refusal(boolean opsnet, String query) {
        return assertThrows(TrackerException.class, () -> report(opsnet, query)).getMessage();
    }

    /** Alice leeches ODD with two clients and seeds PLAIN; Bob seeds ODD; one announce is refused. */
    private void traffic() {
        f.announce(ALICE, ODD, "-TR4050-a1", 100, Event.STARTED);
        f.announce(ALICE, ODD, "-TR4050-a2", 100, Event.STARTED);
        f.announce(ALICE, PLAIN, "-TR4050-a3", 0, Event.STARTED);
        f.announce(BOB, ODD, "-TR4050-b1", 0, Event.STARTED);
        assertThrows(TrackerException.class, () -> f.announce("nobodyNNNNNNNNNNNNNNNNNNNNNNNNNN", ODD, "x", 1,
                Event.STARTED));
        f.control.request();
        f.control.badSiteSecret();
    }

    @Test
    void whatcdStatsAreTextLinesAfterAnUptimeLineEndingWithSuccess() {
        traffic();
        String text = report(false, "get=stats");
        List<String> lines = List.of(text.split("\n"));
        assertEquals("Uptime: 1 days, 02:03:04", lines.get(0));
        assertEquals("success", lines.get(lines.size() - 1));
        assertTrue(lines.contains("6 requests handled"), text);
        assertTrue(lines.contains("4 successful announcements"), text);
        assertTrue(lines.contains("1 failed announcements"), text);
        assertTrue(lines.contains("0 scrapes"), text);
        assertTrue(lines.contains("2 leechers tracked"), text);
        assertTrue(lines.contains("2 seeders tracked"), text);
        assertTrue(lines.contains("1800 announce interval"), text);
        assertTrue(lines.contains("4 items in peer queue"), text);
        assertTrue(lines.contains("1 bad tracker secret received"), text);
        for (String line : lines.subList(1, lines.size() - 1)) {
            assertTrue(line.matches("[0-9]+ [a-z /]+"), line);
        }
    }

    @Test
    void opsnetStatsAreJsonOfTypedValues() {
        traffic();
        f.tracker.intervals().setInterval(2345);
        f.tracker.intervals().setJitter(67);
        String json = report(true, "get=stats");
        assertTrue(json.startsWith("{\"version\":{\"type\":\"string\",\"value\":\"Karuta "), json);
        assertTrue(json.endsWith("\"uptime\":{\"type\":\"elapsed\",\"value\":93784}}\n"), json);
        assertTrue(json.contains("\"announce interval\":{\"type\":\"number\",\"value\":2345}"), json);
        assertTrue(json.contains("\"announce jitter\":{\"type\":\"number\",\"value\":67}"), json);
        assertTrue(json.contains("\"leechers tracked\":{\"type\":\"number\",\"value\":2}"), json);
        assertTrue(json.contains("\"bad report secret received\":{\"type\":\"number\",\"value\":0}"), json);
        assertTrue(json.contains("\"items in user queue\":{\"type\":\"number\",\"value\":0}"), json);
    }

    @Test
    void userReportsCountPeersAndCarryTheFlags() {
        traffic();
        assertEquals("2 leeching\n1 seeding\nsuccess", report(false, "get=user&key=" + ALICE));
        f.update("action=update_user&passkey=" + BOB + "&can_leech=0&visible=0");
        f.update("action=trace_user&passkey=" + BOB + "&trace=1");
        assertEquals("{\"id\":2,\"leeching\":0,\"seeding\":1,\"deleted\":0,\"protected\":1,\"can_leech\":0,\"traced\":1}\n",
                report(true, "get=user&key=" + BOB));
        assertEquals("{\"id\":1,\"leeching\":2,\"seeding\":1,\"deleted\":0,\"protected\":0,\"can_leech\":1,\"traced\":0}\n",
                report(true, "get=user&key=" + ALICE));
        f.announce(ALICE, ODD, "-TR4050-a1", 100, Event.STOPPED);
        assertEquals("1 leeching\n1 seeding\nsuccess", report(false, "get=user&key=" + ALICE));
    }

    @Test
    void anUnknownUserIsNotFoundInJsonAndABareSuccessInText() {
        String nobody = "nobodyNNNNNNNNNNNNNNNNNNNNNNNNNN";
        assertEquals("Announce key not found", refusal(true, "get=user&key=" + nobody));
        assertEquals("success", report(false, "get=user&key=" + nobody));
        assertEquals("Announce key missing", refusal(true, "get=user"));
        assertEquals("Announce key missing", refusal(false, "get=user&key="));
    }

    @Test
    void theTorrentReportHasOcelotsNineKeys() {
        traffic();
        f.update("action=add_token&userid=2&info_hash=" + RawUrl.encode(ODD));
        f.update("action=update_torrent&freetorrent=1&info_hash=" + RawUrl.encode(ODD));
        String json = report(true, "get=torrent&info_hash=" + RawUrl.encode(ODD));
        assertTrue(json.startsWith("{\"id\":10,\"completed\":5,\"balance\":0,\"free\":1,\"last_flushed\":0,"
                + "\"last_selected_seeder\":0,"), json);
        assertTrue(json.contains("\"seeder_list\":[2],\"fltoken_list\":[2]}\n"), json);
        assertTrue(json.contains("\"leecher_list\":[1,1]"), json);
        assertEquals(json, report(false, "get=torrent&info_hash=" + RawUrl.encode(ODD)), "JSON in both formats");
        assertEquals("Infohash not found", refusal(true, "get=torrent&info_hash=" + RawUrl.encode(ODD) + "%00"));
        assertEquals("Infohash missing", refusal(true, "get=torrent"));
    }

    @Test
    void anythingElseIsAnUnrecognizedReportQuery() {
        for (String q : new String[] {"", "get=", "get=prom_stats", "get=jemalloc", "get=STATS", "stats"}) {
            assertEquals("unrecognized report query", refusal(true, q), q);
            assertEquals("unrecognized report query", refusal(false, q), q);
        }
    }

    @Test
    void uptimeIsPrintedAsOcelotPrintsIt() {
        assertEquals("Uptime: 0 days, 00:00:00\n", StatsReport.uptimeLine(0));
        assertEquals("Uptime: 12 days, 23:59:59\n", StatsReport.uptimeLine(12 * 86_400 + 86_399));
    }
}
