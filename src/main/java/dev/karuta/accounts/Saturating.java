package dev.karuta.accounts;

/**
 * Sums of accounting that stop at {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} instead of
 * wrapping: a client that reports absurd counters must never turn someone's total negative (or a
 * huge balance into a small one). A saturated sum is wrong anyway, but only in the direction the
 * client pushed it, and the database refuses it on its own row ({@link Refusal}).
 */
final class Saturating {
    private Saturating() {
    }

    /** {@code a + b}, or the nearest of {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} when it overflows. */
    static long add(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the same sign and the sum has the other one (Hacker's Delight 2-13).
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
