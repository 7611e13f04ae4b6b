package dev.karuta.deploy;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.TrackerClient;
import java.util.Map;

/** The checks every deployment of the unchanged WAR must pass, whatever the container. */
final class DeployedTracker {
    private DeployedTracker() {
    }

    /** Two peers meet over announce, scrape agrees, and the configured interval is in force. */
    @SuppressWarnings("unchecked")
    static void check(int port, long expectedInterval) throws Exception {
        TrackerClient client = new TrackerClient("http://127.0.0.1:" + port);
        byte[] hash = id("deployed-torrent");
        Map<String, Object> seeder = client.get(announce(hash, id("-TR3000-seed"), 51413, 0, "event=started"));
        assertEquals(expectedInterval, seeder.get("interval"), "the container's configuration reached the webapp");
        Map<String, Object> leecher = client.get(announce(hash, id("-qB4650-leech"), 6881, 10, "event=started"));
        assertArrayEquals(new byte[] {127, 0, 0, 1, (byte) 0xc8, (byte) 0xd5}, (byte[]) leecher.get("peers"));
        Map<String, Object> files = (Map<String, Object>) client.get(scrape(hash)).get("files");
        Map<String, Object> f = (Map<String, Object>) files.get(BencodeReader.latin1(hash));
        assertEquals(1L, f.get("complete"));
        assertEquals(1L, f.get("incomplete"));
        Map<String, Object> bad = client.get("/announce?info_hash=x");
        assertEquals("info_hash must be 20 bytes", BencodeReader.latin1(bad.get("failure reason")));
    }
}
