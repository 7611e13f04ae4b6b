package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.karuta.redis.RedisSettings;
import dev.karuta.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two nodes on one Redis: each hears the other's changes and never its own. */
class RedisChangeBusTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aChangeReachesTheOtherNodeButNotItsSender() throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus elsewhere = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix + "o:"), uri)) {
            BusChecks.theyHearEachOther(a, b, elsewhere);
        }
    }

    @Test
    void aNodeCutOffReadsEverythingAgainAndAsksTheOthersToo() throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri)) {
            BusChecks.aCutOffNodeReadsEverythingAgain(a, b, name -> BusChecks.killConnections(uri, name), n -> n == 2);
        }
    }

    @Test
    void messagesRoundTripAndGarbageIsNoChange() {
        Change c = Change.torrentDeleted("0123456789abcdef0123456789abcdef01234567", "line\nbreak");
        String m = c.encode("n1");
        assertEquals("n1", Change.sender(m));
        assertEquals(c, Change.decode(m));
        assertEquals("0123456789abcdef0123456789abcdef01234567 line break", c.detail());
        assertNull(Change.decode("n1 NOT_A_KIND x"));
        assertNull(Change.decode("garbage"));
        assertEquals(Change.roster(), Change.decode(Change.roster().encode("n2")));
    }
}
