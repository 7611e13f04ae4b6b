package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The store's life: it keeps no operator changes, leaves no thread, and names an unreachable database. */
class GazelleStoreTest extends GazelleTestBase {

    @Test
    void operatorChangesAreNotKeptAndWriteNothing() throws Exception {
        GazelleSite site = site(GazelleSchema.WHATCD);
        site.addUser(1, passkey(1));
        site.addTorrent(1, bytes20(1));
        site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time) VALUES (1, 1, NOW())");
        GazelleStore store = open(site.settings());
        List<List<Object>> before = snapshot(site);

        assertTrue(store.editor().isEmpty(), "the site owns its users, torrents, tokens and whitelist");
        store.write(new BatchBuilder().build());

        assertEquals(before, snapshot(site));
    }

    @Test
    void closeLeavesNoThreadOfThePool() throws Exception {
        GazelleSite site = site(GazelleSchema.OPSNET);
        GazelleStore store = GazelleStore.open(site.settings(), TimeSource.SYSTEM);
        assertFalse(threadsNamed(GazelleStore.POOL_NAME).isEmpty(), "the pool runs its housekeeper");
        store.load();
        store.close();
        assertEquals(Set.of(), threadsNamed(GazelleStore.POOL_NAME));
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutThePasswordAndLeavesNoThread() {
        GazelleSettings settings = GazelleSettings.of("jdbc:mariadb://127.0.0.1:1/gazelle", "ocelot", "secret-pw",
                GazelleSchema.WHATCD).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
        StoreException e = assertThrows(StoreException.class, () -> GazelleStore.open(settings, TimeSource.SYSTEM));
        assertTrue(e.getMessage().contains("jdbc:mariadb://127.0.0.1:1/gazelle"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-pw"), e.getMessage());
        assertEquals(Set.of(), threadsNamed(GazelleStore.POOL_NAME));
    }

    private static List<List<Object>> snapshot(GazelleSite site) throws Exception {
        List<List<Object>> rows = new ArrayList<>(site.rows("SELECT * FROM users_main"));
        rows.addAll(site.rows("SELECT ID, HEX(info_hash), FreeTorrent FROM torrents"));
        rows.addAll(site.rows("SELECT UserID, TorrentID, Expired FROM users_freeleeches"));
        rows.addAll(site.rows("SELECT COUNT(*) FROM xbt_client_whitelist"));
        return rows;
    }

    private static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }
}
