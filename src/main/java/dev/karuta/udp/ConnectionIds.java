package dev.karuta.udp;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * BEP 15 connection IDs that need no state and cannot be forged: the high 32 bits are the issue time
 * (seconds), the low 32 bits a SipHash of the source IP and that time under a secret key. An ID is
 * valid for its source IP from its issue time for the configured lifetime (BEP 15 says two minutes;
 * real clients reuse IDs longer, so the lifetime is configurable). Thread-safe.
 */
public final class ConnectionIds {
    /** Issue times up to this far in the future are accepted (clock skew between nodes sharing a key). */
    private static final long MAX_SKEW_SECONDS = 30;

    private final SipHash mac;
    private final long lifetimeSeconds;
    private final LongSupplier epochSeconds;

    /**
     * IDs signed with {@code key} (16 bytes; null for a random one), valid for {@code lifetime}, on the
     * time given by {@code epochSeconds} (wall-clock seconds, so several nodes sharing a key agree).
     */
    public ConnectionIds(byte[] key, Duration lifetime, LongSupplier epochSeconds) {
        byte[] k = key;
        if (k == null) {
            k = new byte[16];
            new SecureRandom().nextBytes(k);
        }
        this.mac = new SipHash(k);
        this.lifetimeSeconds = lifetime.toSeconds();
        this.epochSeconds = epochSeconds;
    }

    /** A fresh ID for a client at {@code ip} (4 or 16 bytes). */
    public long issue(byte[] ip) {
        long now = epochSeconds.getAsLong() & 0xffffffffL;
        return now << 32 | (sign(ip, now) & 0xffffffffL);
    }

    /** Whether {@code id} was issued by this key to {@code ip} and has not expired. */
    public boolean isValid(long id, byte[] ip) {
        long issued = id >>> 32;
        long now = epochSeconds.getAsLong() & 0xffffffffL;
        // Seconds since issue, modulo 2^32 so the check survives the 32-bit wrap (year 2106).
        long age = (now - issued) & 0xffffffffL;
        boolean fresh = age <= lifetimeSeconds || age >= (1L << 32) - MAX_SKEW_SECONDS;
        // Comparing two ints takes the same time whatever they hold; evaluate both before deciding.
        boolean signed = (int) id == (int) sign(ip, issued);
        return fresh & signed;
    }

    private long sign(byte[] ip, long time) {
        // SipHash of the IP bytes then the 4 big-endian bytes of the time, with no array built for it.
        return mac.hashWithSuffix(ip, (int) time);
    }
}
