package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.policy.ListMode;
import dev.karuta.store.AccessListStore;
import dev.karuta.store.AccessListStore.Kind;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the real webapp on the same data directory, by redeploy and by a new server: the swarms
 * are handed out again, scrape's {@code downloaded} survives, and saved access lists come back.
 */
class RestartTest {
    private static final byte[] HASH = id("restart-torrent");
    private static final byte[] OTHER = id("restart-other");
    private static final byte[] SEEDER = id("-TR3000-seeder");
    private static final byte[] FINISHER = id("-qB4650-finisher");
    private static final byte[] LEECHER = id("-DE2100-leecher");
    private static final byte[] NEWCOMER = id("-lt0D80-newcomer");

    @TempDir
    Path tmp;

    private static KarutaServer start(Path data) throws Exception {
        return KarutaServer.start(Map.of("karuta.data.dir", data.toString(), "karuta.announce.intervalJitter", "0"),
                new FakeTime());
    }

    private static TrackerClient client(KarutaServer server) {
        return new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> files(TrackerClient client, byte[] hash) throws Exception {
        Map<String, Object> files = (Map<String, Object>) client.get(scrape(hash)).get("files");
        return (Map<String, Object>) files.get(BencodeReader.latin1(hash));
    }

    /** The ports of the compact IPv4 peers of an announce answer. */
    private static Set<Integer> ports(Map<String, Object> answer) {
        byte[] peers = (byte[]) answer.get("peers");
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < peers.length; i += 6) {
            ports.add((peers[i + 4] & 0xff) << 8 | peers[i + 5] & 0xff);
        }
        return ports;
    }

    @Test
    void swarmsCountsAndAccessListsSurviveARedeployAndANewServer() throws Exception {
        Path data = tmp.resolve("karuta-data");
        String listed = HexFormat.of().formatHex(HASH);
        try (KarutaServer server = start(data)) {
            TrackerClient client = client(server);
            client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
            client.get(announce(HASH, FINISHER, 6881, 1000, "event=started"));
            client.get(announce(HASH, FINISHER, 6881, 0, "event=completed"));
            client.get(announce(HASH, LEECHER, 6882, 500, "event=started"));
            // A torrent whose only peer finished and left: nothing but its snatch to remember.
            client.get(announce(OTHER, FINISHER, 6881, 0, "event=completed"));
            client.get(announce(OTHER, FINISHER, 6881, 0, "event=stopped"));
            AccessListStore lists = server.components().store().accessLists();
            lists.saveMode(Kind.TORRENTS, ListMode.ALLOW);
            lists.add(Kind.TORRENTS, List.of(listed));
            lists.saveMode(Kind.CLIENTS, ListMode.DENY);
            lists.add(Kind.CLIENTS, List.of("-XX"));
            Components first = server.components();

            server.webapp().stop();
            server.webapp().start();

            assertNotSame(first, server.components(), "a new deployment");
            Map<String, Object> answer = client.get(announce(HASH, NEWCOMER, 7000, 100, "event=started&numwant=50"));
            assertEquals(Set.of(51413, 6881, 6882), ports(answer), "the swarm's peers are handed out again");
            assertEquals(2L, answer.get("complete"));
            assertEquals(2L, answer.get("incomplete"));
            Map<String, Object> f = files(client, HASH);
            assertEquals(1L, f.get("downloaded"), "downloaded survives the restart");
            assertEquals(1L, files(client, OTHER).get("downloaded"), "also for a torrent without peers");
            client.get(announce(HASH, FINISHER, 6881, 0, "event=completed"));
            assertEquals(1L, files(client, HASH).get("downloaded"), "a restored peer does not snatch twice");
            client.get(announce(HASH, LEECHER, 6882, 0, "event=completed"));
            assertEquals(2L, files(client, HASH).get("downloaded"));
            AccessListStore reloaded = server.components().store().accessLists();
            assertEquals(new AccessListStore.Saved(ListMode.ALLOW, Set.of(listed)), reloaded.load(Kind.TORRENTS));
            assertEquals(new AccessListStore.Saved(ListMode.DENY, Set.of("-XX")), reloaded.load(Kind.CLIENTS));
        }
        // The whole server stopped: a new one on the same directory finds the same.
        try (KarutaServer server = start(data)) {
            TrackerClient client = client(server);
            Map<String, Object> f = files(client, HASH);
            assertEquals(2L, f.get("downloaded"));
            assertEquals(3L, f.get("complete"), "seeder, finisher and the leecher that completed");
            assertEquals(1L, f.get("incomplete"), "the newcomer");
            assertEquals(1L, files(client, OTHER).get("downloaded"));
        }
        assertEquals(true, Files.exists(data.resolve("karuta.mv.db")), "the embedded database in the data directory");
    }
}
