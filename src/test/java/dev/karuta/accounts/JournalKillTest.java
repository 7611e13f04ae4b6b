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
 * nothing twice: each user's total is a whole number of rounds, all those journaled and at most the
 * one after them (a flush can drain that round half credited, so users may differ by it).
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

        long before = triangle(journaled);
        long after = triangle(journaled + 1);
        long asJournaled = queryLong(db, "SELECT COUNT(*) FROM karuta_users WHERE downloaded = ?"
                + " AND uploaded = downloaded * id", before);
        long oneMore = queryLong(db, "SELECT COUNT(*) FROM karuta_users WHERE downloaded = ?"
                + " AND uploaded = downloaded * id", after);
        String why = "journaled through round " + journaled + " when killed; " + asJournaled + " users have rounds 1.."
                + journaled + ", " + oneMore + " one more; damage " + left.damage();
        // A flush may drain while the round after the last journaled one is half credited, so some
        // users may have that round and others not; no user may lack a journaled round or have one twice.
        assertEquals(USERS, asJournaled + oneMore, "every user rounds 1.." + journaled + ", maybe one more,"
                + " each once: " + why);
    }

    /** What rounds 1..k add up to. */
    private static long triangle(int k) {
        return (long) k * (k + 1) / 2;
    }
}
