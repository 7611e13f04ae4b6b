package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Accounting sums saturate instead of wrapping, wherever deltas add up ({@link Pending}, its
 * {@linkplain Pending#putBack put back}, {@link Batch#coalesced()}): a property over random large
 * deltas, each sum checked against exact arithmetic clamped to a long.
 */
class SaturationTest {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final Torrent T = new Torrent(7, InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"),
            FreeLeech.NORMAL);

    @Test
    void addSaturatesAtBothEndsAndIsExactInBetween() {
        assertEquals(Long.MAX_VALUE, Saturating.add(Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, Saturating.add(Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, Saturating.add(Long.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, Saturating.add(Long.MIN_VALUE, Long.MIN_VALUE));
        assertEquals(-1, Saturating.add(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(0, Saturating.add(Long.MIN_VALUE + 1, Long.MAX_VALUE));
        Random random = new Random(20);
        for (int i = 0; i < 1_000_000; i++) {
            long a = large(random);
            long b = large(random);
            assertEquals(clamp(BigInteger.valueOf(a).add(BigInteger.valueOf(b))), Saturating.add(a, b), a + " + " + b);
        }
    }

    @Test
    void pendingAndCoalescedBatchesNeverWrapWhateverTheDeltas() {
        Random random = new Random(2026);
        for (int round = 0; round < 2_000; round++) {
            Pending pending = new Pending();
            BigInteger up = BigInteger.ZERO;
            BigInteger balance = BigInteger.ZERO;
            List<Batch.UserDelta> deltas = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                long u = Math.abs(large(random)) & Long.MAX_VALUE; // client deltas are never negative
                long b = large(random);
                pending.credit(1, u, 0);
                pending.torrent(T, 0, b);
                up = BigInteger.valueOf(clamp(up.add(BigInteger.valueOf(u))));
                balance = BigInteger.valueOf(clamp(balance.add(BigInteger.valueOf(b))));
                deltas.add(new Batch.UserDelta(1, u, 0));
                if (random.nextInt(3) == 0) {
                    // A failed flush put back merges with what came since.
                    pending.putBack(pending.drain(h -> SwarmStats.EMPTY), id -> T.infoHash());
                }
            }
            Batch drained = pending.drain(h -> SwarmStats.EMPTY);
            long sum = drained.users().isEmpty() ? 0 : drained.users().get(0).uploaded();
            assertTrue(sum >= 0, "never negative: " + sum);
            assertEquals(up.longValueExact(), sum, "the user's sum, saturated");
            long bal = drained.torrents().get(0).balance();
            assertEquals(balance.longValueExact(), bal, "the torrent's balance, saturated both ways");

            Batch merged = new Batch(deltas, List.of(), List.of(), List.of(), List.of(), List.of()).coalesced();
            BigInteger exact = deltas.stream().map(d -> BigInteger.valueOf(d.uploaded())).reduce(BigInteger.ZERO,
                    BigInteger::add);
            long coalesced = merged.users().isEmpty() ? 0 : merged.users().get(0).uploaded();
            assertTrue(coalesced >= 0, "never negative: " + coalesced);
            assertEquals(exact.min(MAX).longValueExact(), coalesced, "coalesced deltas, saturated");
        }
    }

    /** A delta most often near the ends of a long, sometimes small. */
    private static long large(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(1000);
            case 1 -> Long.MIN_VALUE + random.nextInt(1000);
            case 2 -> random.nextLong();
            default -> random.nextInt(1_000_000) - 500_000;
        };
    }

    private static long clamp(BigInteger v) {
        return v.max(MIN).min(MAX).longValueExact();
    }
}
