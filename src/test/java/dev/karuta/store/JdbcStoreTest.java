package dev.karuta.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.User;
import dev.karuta.accounts.jdbc.JdbcAccountsStore;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TimeSource;
import dev.karuta.policy.ListMode;
import dev.karuta.sql.StoreException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store as the webapp uses it: opened whole, flushed on a schedule and at close, closed without a trace. */
class JdbcStoreTest extends StoreTestBase {
    private static final InfoHash A = InfoHash.fromHex("aa".repeat(20));

    private static StoreSettings withFlushInterval(StoreSettings s, Duration interval) {
        return new StoreSettings(s.dataDir(), s.url(), s.user(), s.password(), s.jndi(), interval);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void closeWritesThePendingSnatchesAndLeavesNoThread(TestDatabase kind) throws Exception {
        StoreSettings settings = withFlushInterval(fresh(kind), Duration.ofHours(1));
        JdbcStore store = JdbcStore.open(settings, TimeSource.SYSTEM);
        store.startFlushing();
        assertEquals(Set.of("karuta-store-flusher-1"), DatabaseTest.threadsNamed("karuta-store-flusher"));
        store.ledger().snatched(A);
        store.ledger().snatched(A);
        store.accessLists().saveMode(AccessListStore.Kind.TORRENTS, ListMode.ALLOW);
        User member = new User(7, "k".repeat(32), true, true);
        new JdbcAccountsStore(store.database(), TimeSource.SYSTEM).editor().orElseThrow().saveUser(member);
        store.close();
        assertEquals(Set.of(), DatabaseTest.threadsNamed("karuta-store-flusher"));
        assertEquals(Set.of(), DatabaseTest.threadsNamed("karuta-db"));
        try (JdbcStore again = JdbcStore.open(settings, TimeSource.SYSTEM)) {
            assertEquals(2, again.ledger().base(A), "written at close, an hour before the first scheduled flush");
            assertEquals(ListMode.ALLOW, again.accessLists().load(AccessListStore.Kind.TORRENTS).mode());
            assertEquals(List.of(member), new JdbcAccountsStore(again.database(), TimeSource.SYSTEM).load().users(), "the accounts share the database");
        }
    }

    @Test
    void theFlusherWritesEveryInterval() throws Exception {
        JdbcStore store = closeLater(JdbcStore.open(withFlushInterval(fresh(TestDatabase.H2), Duration.ofSeconds(1)),
                TimeSource.SYSTEM));
        store.startFlushing();
        store.ledger().snatched(A);
        // The schedule is the behaviour under test, so this waits for it (bounded), on the wall clock: until
        // the row is written (pending drops when a flush takes the deltas, before its transaction commits).
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queryLong(store.database(), "SELECT snatches FROM karuta_snatches WHERE info_hash = ?", A.toHex()) != 1
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertEquals(0, store.ledger().pending(), "flushed by the schedule");
        assertEquals(1, queryLong(store.database(), "SELECT snatches FROM karuta_snatches WHERE info_hash = ?",
                A.toHex()));
    }

    // ---- a container DataSource found by JNDI -----------------------------------------------------

    /** The naming context a container would give; holds what the test binds. */
    public static final class TestContextFactory implements InitialContextFactory {
        static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> {
                            Object found = BOUND.get(String.valueOf(args[0]));
                            if (found == null) {
                                throw new NameNotFoundException(String.valueOf(args[0]));
                            }
                            yield found;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static <T> T withTestNaming(java.util.concurrent.Callable<T> body) throws Exception {
        // The java: URL context too: another one on the class path (Jetty's jndi.properties) would answer
        // java:comp names before the initial context is asked.
        Map<String, String> set = Map.of(Context.INITIAL_CONTEXT_FACTORY, TestContextFactory.class.getName(),
                Context.URL_PKG_PREFIXES, "dev.karuta.store.naming");
        Map<String, String> before = new java.util.HashMap<>();
        set.forEach((key, value) -> {
            before.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        try {
            return body.call();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /** A container DataSource whose database can be taken away and brought back. */
    static final class Outage {
        volatile boolean down;
        final javax.sql.DataSource dataSource;

        Outage(JdbcDataSource database) {
            dataSource = (javax.sql.DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                        if (down && method.getName().equals("getConnection")) {
                            throw new java.sql.SQLTransientConnectionException("Connection refused (test outage)");
                        }
                        try {
                            return method.invoke(database, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void snatchesCountedWhileTheDatabaseIsDownAreWrittenOnceItIsBack() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + tmp.resolve("outage/karuta") + ";DB_CLOSE_ON_EXIT=FALSE");
        database.setUser("sa");
        Outage container = new Outage(database);
        TestContextFactory.BOUND.put("jdbc/outage", container.dataSource);
        StoreSettings settings = new StoreSettings(tmp, "", "", "", "jdbc/outage", Duration.ofSeconds(5));
        try {
            JdbcStore store = closeLater(withTestNaming(() -> JdbcStore.open(settings, TimeSource.SYSTEM)));
            JdbcSnatchLedger ledger = store.ledger();
            assertEquals(0, ledger.base(A), "read when its swarm is created, as the registry does");
            ledger.snatched(A);
            ledger.flush();
            container.down = true;
            ledger.snatched(A);
            ledger.snatched(A);
            StoreException e = assertThrows(StoreException.class, ledger::flush);
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
            ledger.snatched(A);
            assertThrows(StoreException.class, ledger::flush);
            assertEquals(3, ledger.pending(), "kept through both failures");
            assertEquals(4, ledger.base(A), "and counted for scrapes meanwhile");
            container.down = false;
            assertEquals(1, ledger.flush());
            assertEquals(0, ledger.flush());
            assertEquals(4, queryLong(store.database(), "SELECT snatches FROM karuta_snatches WHERE info_hash = ?",
                    A.toHex()), "each snatch written exactly once");
        } finally {
            TestContextFactory.BOUND.clear();
        }
    }

    @Test
    void aJndiDataSourceIsUsedAndLeftToTheContainer() throws Exception {
        JdbcDataSource container = new JdbcDataSource();
        container.setURL("jdbc:h2:file:" + tmp.resolve("jndi/karuta") + ";DB_CLOSE_ON_EXIT=FALSE");
        container.setUser("sa");
        TestContextFactory.BOUND.put("java:comp/env/jdbc/karuta", container);
        StoreSettings settings = new StoreSettings(tmp.resolve("unused"), "jdbc:postgresql://127.0.0.1:1/ignored", "",
                "", "java:comp/env/jdbc/karuta", Duration.ofSeconds(5));
        try {
            JdbcStore store = withTestNaming(() -> JdbcStore.open(settings, TimeSource.SYSTEM));
            assertEquals(Dialect.H2, store.database().dialect(), "the JNDI name wins over the URL");
            store.ledger().snatched(A);
            store.close();
            assertEquals(Set.of(), DatabaseTest.threadsNamed("karuta-db"), "no pool of ours");
            try (Connection c = container.getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT snatches FROM karuta_snatches")) {
                assertTrue(rs.next(), "the container's DataSource still works and holds the count");
                assertEquals(1, rs.getLong(1));
            }
            StoreSettings missing = new StoreSettings(tmp, "", "", "", "java:comp/env/jdbc/none",
                    Duration.ofSeconds(5));
            StoreException e = assertThrows(StoreException.class,
                    () -> withTestNaming(() -> JdbcStore.open(missing, TimeSource.SYSTEM)));
            assertTrue(e.getMessage().contains("karuta.db.jndi") && e.getMessage().contains("java:comp/env/jdbc/none"),
                    e.getMessage());
        } finally {
            TestContextFactory.BOUND.clear();
        }
    }
}
