package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.jdbc.JdbcAccountsStore;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.store.Database;
import dev.karuta.store.StoreTestBase;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real kill -9 during a database outage: {@link JournalingChild}, in a JVM of its own, journals
 * accounting round after round and is killed with SIGKILL at a moment of the test's choosing (its
 * flusher may be in the middle of an append); a new flusher takes up the journal and writes it into
 * a real store. Every round the child said it journaled is there, at most the one after it too, and
 * nothing twice: each user's total is the same whole number of rounds.
 */
class JournalKillTest extends StoreTestBase {
    private static final int USERS = 20_000;
    private static final Pattern JOURNALED = Pattern.compile("journaled (\\d+)\\n");

    @ParameterizedTest(name = "killed after round {0}")
    @ValueSource(ints = {1, 4, 9})
    void aKillDuringAnOutageLosesAtMostTheRoundAfterTheLastJournaledOne(int killAfter) throws Exception {
        Path dir = tmp.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int journaled;
        try (ChildProcess child = ChildProcess.start("journaling child", List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), JournalingChild.class.getName(), dir.toString(),
                String.valueOf(USERS)), tmp, tmp.resolve("child.log"))) {
            child.awaitLog(Pattern.compile("journaled " + killAfter + "\\n"), Duration.ofSeconds(60));
            child.kill();
            journaled = 0;
            Matcher m = JOURNALED.matcher(child.log());
            while (m.find()) {
                journaled = Math.max(journaled, Integer.parseInt(m.group(1)));
            }
        }
        LeftOver left = AccountsFlusher.leftOver(dir);

        Database db = open(fresh(TestDatabase.H2));
        JdbcAccountsStore store = new JdbcAccountsStore(db, new FakeTime());
        for (int id = 1; id <= USERS; id++) {
            store.editor().orElseThrow().saveUser(new User(id, "pk" + String.format("%030d", id), true, true));
        }
        AccountsFlusher flusher = new AccountsFlusher(new Pending(), store, h -> SwarmStats.EMPTY, id -> null, dir,
                Duration.ZERO, TimeSource.SYSTEM);
        flusher.takeUp(left);
        assertTrue(flusher.flush());

        long downloaded = queryLong(db, "SELECT downloaded FROM karuta_users WHERE id = 1");
        String why = "journaled through round " + journaled + " when killed; user 1 downloaded " + downloaded
                + " after the take-up; damage " + left.damage();
        assertTrue(downloaded == triangle(journaled) || downloaded == triangle(journaled + 1),
                "rounds 1.." + journaled + ", maybe one more, each once: " + why);
        assertEquals(USERS, queryLong(db, "SELECT COUNT(*) FROM karuta_users WHERE downloaded = ?"
                + " AND uploaded = downloaded * id", downloaded), "every user the same rounds, each once: " + why);
    }

    /** What rounds 1..k add up to. */
    private static long triangle(int k) {
        return (long) k * (k + 1) / 2;
    }
}
