package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Exact bytes of every response shape; a key out of order would make the writer throw. */
class ResponseWritersTest {
    private static final PeerId PEER = PeerId.of("-TR3000-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static AnnounceResponse response() {
        SelectedPeers peers = new SelectedPeers(1, 1);
        peers.add(PeerAddress.of(new byte[] {10, 0, 0, 1}, 0x1ae1), PEER);
        peers.add(PeerAddress.of(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 6882), PEER);
        return new AnnounceResponse(1800, 900, new SwarmStats(3, 2, 1, 7), peers, new byte[] {127, 0, 0, 1});
    }

    @Test
    void compactAnnounceWithPeers6() {
        String body = latin1(AnnounceWriter.write(response(), true, true, false));
        assertEquals("d8:completei3e10:downloadedi7e11:external ip4:\u007f\0\0\u0001"
                + "10:incompletei3e8:intervali1800e12:min intervali900e"
                + "5:peers6:\n\0\0\u0001\u001a\u00e1"
                + "6:peers618: \u0001\r\u00b8\0\0\0\0\0\0\0\0\0\0\0\u0002\u001a\u00e2e", body);
    }

    @Test
    void compactAnnounceWithoutIpv6LeavesOutPeers6() {
        String body = latin1(AnnounceWriter.write(response(), false, true, false));
        assertEquals(false, body.contains("6:peers6"));
    }

    @Test
    void dictionaryPeersWithAndWithoutPeerId() {
        String full = latin1(AnnounceWriter.write(response(), true, false, false));
        assertEquals(true, full.contains("5:peersld2:ip8:10.0.0.17:peer id20:-TR3000-abcdefghijkl4:porti6881ee"
                + "d2:ip11:2001:db8::27:peer id20:-TR3000-abcdefghijkl4:porti6882eee"), full);
        String bare = latin1(AnnounceWriter.write(response(), true, false, true));
        assertEquals(true, bare.contains("5:peersld2:ip8:10.0.0.14:porti6881eed2:ip11:2001:db8::24:porti6882eee"), bare);
    }

    @Test
    void failureWithAndWithoutRetryIn() {
        assertEquals("d14:failure reason7:refusede", latin1(FailureWriter.write(new TrackerException("refused"))));
        assertEquals("d14:failure reason4:busy8:retry ini5ee", latin1(FailureWriter.write(new TrackerException("busy", 5))));
    }

    @Test
    void scrapeFilesInRawByteOrderWithDownloaders() throws Exception {
        byte[] low = new byte[20];
        byte[] high = new byte[20];
        high[0] = (byte) 0x80; // sorts after 0x00 as an unsigned byte, before it as a signed one
        TreeMap<InfoHash, SwarmStats> files = new TreeMap<>();
        files.put(InfoHash.of(high), new SwarmStats(1, 2, 3, 4));
        files.put(InfoHash.of(low), SwarmStats.EMPTY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScrapeWriter.write(files.entrySet(), 900, out);
        String z = "\0".repeat(19);
        assertEquals("d5:filesd20:\0" + z + "d8:completei0e10:downloadedi0e11:downloadersi0e10:incompletei0ee"
                + "20:\u0080" + z + "d8:completei1e10:downloadedi4e11:downloadersi2e10:incompletei5ee"
                + "e5:flagsd20:min_request_intervali900eee", latin1(out.toByteArray()));
    }

    @Test
    void acceptEncodingParsing() {
        assertEquals(true, ScrapeServlet.acceptsGzip("gzip, deflate"));
        assertEquals(true, ScrapeServlet.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertEquals(false, ScrapeServlet.acceptsGzip("gzip;q=0"));
        assertEquals(false, ScrapeServlet.acceptsGzip("deflate"));
        assertEquals(false, ScrapeServlet.acceptsGzip(null));
    }
}
