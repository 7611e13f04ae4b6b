package dev.karuta.udp;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated packets: the handler never throws and never answers an unproven source with more
 * bytes than it sent; the running listener, on each transport, survives a flood of them and still answers
 * announces.
 */
class UdpFuzzTest {
    private static final int CASES = Integer.getInteger("karuta.fuzz.cases", 100_000);

    private static final long[] EXTREME_LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Integer.MIN_VALUE,
        Integer.MAX_VALUE, 0xffffffffL, 1L << 32, Long.MIN_VALUE + 1, 0x7f000001, 0xe0000001L, 0xffffffffL};

    /** Metrics that fail the test on any request counted as an internal failure. */
    static final TrackerMetrics NO_INTERNAL = new TrackerMetrics() {
        @Override
        public void request(TrackerMetrics.Protocol protocol, TrackerMetrics.Action action,
                            TrackerMetrics.Result result, dev.karuta.core.AddressFamily family, long nanos) {
            if (result == TrackerMetrics.Result.INTERNAL) {
                throw new AssertionError("a UDP " + action.label() + " was counted as an internal failure");
            }
        }
    };

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] p = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> p = java.util.Arrays.copyOf(p, random.nextInt(p.length + 1)); // truncate
            case 1 -> p = java.util.Arrays.copyOf(p, p.length + random.nextInt(400)); // extend with zeros
            default -> {
            }
        }
        int flips = 1 + random.nextInt(6);
        for (int i = 0; i < flips && p.length > 0; i++) {
            int at = random.nextInt(p.length);
            p[at] = switch (random.nextInt(4)) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) 0xff;
                case 2 -> 0;
                default -> (byte) (random.nextInt(4)); // small action/event/option values
            };
        }
        if (p.length >= 98 && random.nextInt(3) == 0) {
            // An extreme 64-bit counter (downloaded, left, uploaded) or 32-bit field (IP, key, num_want).
            ByteBuffer b = ByteBuffer.wrap(p);
            switch (random.nextInt(4)) {
                case 0 -> b.putLong(56 + 8 * random.nextInt(3), EXTREME_LONGS[random.nextInt(EXTREME_LONGS.length)]);
                default -> b.putInt(84 + 4 * random.nextInt(3), (int) EXTREME_LONGS[random.nextInt(EXTREME_LONGS.length)]);
            }
        }
        if (p.length > 98 && random.nextBoolean()) {
            p[98] = 2; // a BEP 41 URL-data option with a random length
        }
        return p;
    }

    private static byte[] randomPacket(Random random) {
        byte[] p = new byte[random.nextInt(random.nextInt(10) == 0 ? 1500 : 120)];
        random.nextBytes(p);
        return p;
    }

    @Test
    void handlerNeverThrowsAndNeverAmplifiesForUnprovenSources() {
        long seed = Long.getLong("karuta.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        AnnounceSettings settings = AnnounceSettings.defaults();
        ConnectionIds ids = new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L);
        UdpHandler handler = new UdpHandler(new TrackerPipeline(settings,
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of()), settings, ids, true,
                NO_INTERNAL);
        byte[] ip = {10, 0, 0, 1};
        long valid = ids.issue(ip);
        byte[] announce = ByteBuffer.allocate(98).putLong(valid).putInt(1).putInt(7).put(id("fuzz")).put(id("peer"))
                .putLong(0).putLong(10).putLong(0).putInt(2).putInt(0).putInt(1).putInt(-1).putShort((short) 6881)
                .array();
        byte[] scrape = ByteBuffer.allocate(56).putLong(valid).putInt(2).putInt(7).put(id("fuzz")).put(id("other"))
                .array();
        byte[] connect = ByteBuffer.allocate(16).putLong(UdpHandler.PROTOCOL_ID).putInt(0).putInt(7).array();
        byte[][] seeds = {announce, scrape, connect};
        ByteBuffer out = ByteBuffer.allocate(2048);
        int answered = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] packet = random.nextInt(3) == 0 ? randomPacket(random) : mutate(random, seeds[random.nextInt(3)]);
            boolean proven = packet.length >= 8 && ByteBuffer.wrap(packet).getLong(0) == valid;
            boolean connectRequest = packet.length >= 16 && ByteBuffer.wrap(packet).getLong(0) == UdpHandler.PROTOCOL_ID;
            boolean sent;
            try {
                sent = handler.handle(ByteBuffer.wrap(packet), ip, 40000, out);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + " threw", e);
            }
            if (sent) {
                answered++;
                assertTrue(out.remaining() <= 1500 - 28, "answer fits one MTU");
                if (!proven && !connectRequest) {
                    assertTrue(out.remaining() <= packet.length, "seed " + seed + " case " + i + ": amplification");
                }
            }
        }
        assertTrue(answered > CASES / 10, "answered " + answered);
    }

    /**
     * Every extreme 64-bit value in every counter (BEP 15 counters are signed on the wire) and every extreme
     * 32-bit IP, key and num_want: an announce answer or an error packet, never an internal failure.
     */
    @Test
    void extremeValuesInEveryFieldGetAnAnswerOrAnErrorNeverAnInternalFailure() {
        AnnounceSettings settings = AnnounceSettings.defaults();
        ConnectionIds ids = new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L);
        UdpHandler handler = new UdpHandler(new TrackerPipeline(settings,
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of()), settings, ids, true,
                NO_INTERNAL);
        byte[] ip = {10, 0, 0, 1};
        long valid = ids.issue(ip);
        ByteBuffer out = ByteBuffer.allocate(2048);
        for (int field = 0; field < 6; field++) {
            for (long value : EXTREME_LONGS) {
                ByteBuffer packet = ByteBuffer.allocate(98).putLong(valid).putInt(1).putInt(7).put(id("extreme"))
                        .put(id("peer")).putLong(0).putLong(10).putLong(0).putInt(2).putInt(0).putInt(1).putInt(-1)
                        .putShort((short) 6881);
                if (field < 3) {
                    packet.putLong(56 + 8 * field, value);
                } else {
                    packet.putInt(84 + 4 * (field - 3), (int) value);
                }
                assertTrue(handler.handle(packet.flip(), ip, 40000, out), "answered: field " + field + " " + value);
                int action = out.getInt(0);
                assertTrue(action == 1 || action == 3, "an announce answer or an error packet");
                if (field < 3 && value < 0) {
                    assertEquals(3, action, "a negative counter is an error: field " + field + " " + value);
                }
            }
        }
    }

    @OverBothTransports
    void listenerSurvivesAFloodAndStillAnswers(String transport) throws Exception {
        long seed = Long.getLong("karuta.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.udp.workers", "2",
                "karuta.udp.transport", transport), new FakeTime())) {
            assertEquals(transport, server.components().udp().transport());
            int port = server.components().udp().port();
            try (UdpTrackerClient fuzzer = new UdpTrackerClient("127.0.0.1", port)) {
                fuzzer.connect();
                byte[] announce = fuzzer.announcePacket(id("flood"), id("flooder"), 10, 2, -1, 6881);
                for (int i = 0; i < CASES; i++) {
                    fuzzer.fire(random.nextInt(3) == 0 ? randomPacket(random) : mutate(random, announce));
                }
            }
            // Several sockets, so the kernel's SO_REUSEPORT hashing reaches every worker.
            for (int i = 0; i < 8; i++) {
                try (UdpTrackerClient probe = new UdpTrackerClient("127.0.0.1", port)) {
                    probe.connect();
                    byte[] answer = probe.announce(id("after-flood"), id("probe-" + i), 0, 2, -1, 7000 + i);
                    assertEquals(1, ByteBuffer.wrap(answer).getInt(0), "seed " + seed + ": an announce answer");
                }
            }
            assertEquals(2, Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("karuta-udp")).count(), "no worker died");
            assertEquals(2, server.components().udp().serving(), "both sockets serve");
        }
    }
}
