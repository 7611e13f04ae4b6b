package dev.karuta.ws;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many WebSocket connections are open, in all and from each address (an IPv4 address, or an IPv6
 * /64, which one host usually holds whole), so that one client cannot hold the heap that open
 * connections take (about 13.5 KiB each on Jetty, BENCHMARKS.md). {@link #acquire} before a connection
 * is served and {@link #release} once when it closes; a count at zero leaves no entry behind.
 */
final class ConnectionQuota {
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<Long, Integer> byAddress = new ConcurrentHashMap<>();

    /** A quota of {@code maxTotal} connections, {@code maxPerAddress} of them from one address. */
    ConnectionQuota(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a connection from {@code source}; null when it fits, else why it does not. */
    String acquire(PeerAddress source) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "too many connections to this tracker";
        }
        boolean[] fits = {false};
        byAddress.compute(key(source), (k, n) -> {
            int now = n == null ? 0 : n;
            fits[0] = now < maxPerAddress;
            return fits[0] ? now + 1 : n;
        });
        if (!fits[0]) {
            total.decrementAndGet();
            return "too many connections from this address (at most " + maxPerAddress + ")";
        }
        return null;
    }

    /** Forgets a connection from {@code source} that {@link #acquire} counted. */
    void release(PeerAddress source) {
        byAddress.computeIfPresent(key(source), (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    /** Connections counted now. */
    int total() {
        return total.get();
    }

    /** Addresses (IPv4) or /64 prefixes (IPv6) with a connection counted. */
    int addresses() {
        return byAddress.size();
    }

    /** An IPv4 address, or the first 64 bits of an IPv6 one (its /64), as one number; the family in the top. */
    private static long key(PeerAddress source) {
        byte[] ip = source.ip();
        long k = 0;
        for (int i = 0; i < Math.min(8, ip.length); i++) {
            k = k << 8 | (ip[i] & 0xff);
        }
        // An IPv4 key stays below 2^32; no /64 in use is that small (it would start with 32 zero bits), and
        // the flag keeps it apart anyway.
        return source.family() == AddressFamily.V4 ? k : k ^ Long.MIN_VALUE;
    }
}
