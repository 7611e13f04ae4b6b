package dev.karuta.bench;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.policy.Bans;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ban check on the announce path with 0, 10 or 5,000 banned ranges, half IPv4 and half IPv6, of
 * mixed prefix lengths (IPv4 /16 to /32, IPv6 /32 to /128): a dual-stack announce that is not banned
 * (both its addresses are checked), and an IPv6 address in the last range listed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BanCheckBenchmark {
    private static final int[] V4_BITS = {16, 20, 24, 28, 32};
    private static final int[] V6_BITS = {32, 48, 56, 64, 96, 128};

    @Param({"0", "10", "5000"})
    public int entries;

    private final Bans bans = new Bans();
    private final Admission admission = new Admission();
    private AnnounceRequest miss;
    private PeerAddress hit;

    @Setup
    public void setUp() {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < entries / 2; i++) {
            ranges.add("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/" + V4_BITS[i % V4_BITS.length]);
            ranges.add("2001:db8:" + Integer.toHexString(i) + "::1/" + V6_BITS[i % V6_BITS.length]);
        }
        bans.add(ranges);
        miss = AnnounceRequest.builder(InfoHash.of(new byte[20]), PeerId.of(new byte[20]),
                        PeerAddress.of(new byte[] {(byte) 203, 0, 113, 7}, 6881))
                .other(PeerAddress.of(
                        new byte[] {0x20, 0x01, 0x0d, (byte) 0xb9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6881))
                .build();
        int last = Math.max(0, entries / 2 - 1);
        byte[] v6 = {0x20, 0x01, 0x0d, (byte) 0xb8, (byte) (last >> 8), (byte) last, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        hit = PeerAddress.of(v6, 6881);
        if (entries > 0 && !bans.banned(hit)) {
            throw new IllegalStateException("the hit address is not banned");
        }
    }

    /** An announce from a dual-stack peer that is not banned: both addresses checked, no refusal. */
    @Benchmark
    public Admission miss() {
        bans.admit(miss, admission);
        return admission;
    }

    /** An address in the last banned range. */
    @Benchmark
    public boolean hit() {
        return bans.banned(hit);
    }
}
