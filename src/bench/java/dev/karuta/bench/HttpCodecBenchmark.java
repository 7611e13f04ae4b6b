package dev.karuta.bench;

import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.http.AnnounceParser;
import dev.karuta.http.AnnounceWriter;
import dev.karuta.http.HttpAnnounce;
import dev.karuta.http.QueryString;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The HTTP hot path around the core: raw query to request, response to bencode bytes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class HttpCodecBenchmark {
    /** What libtorrent sends, byte for byte in shape. */
    private static final String QUERY = "info_hash=%12%34V%78%9a%bc%de%f0%12%34V%78%9a%bc%de%f0%124Vx"
            + "&peer_id=-qB4650-%21~8Wz%28%2aXa%3bZ5&port=6881&uploaded=0&downloaded=0&left=1048576"
            + "&corrupt=0&key=6A1B2C3D&event=started&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0";
    private static final byte[] CLIENT = {(byte) 203, 0, 113, 7};

    private final AnnounceParser parser = new AnnounceParser(false);
    private AnnounceResponse response;

    @Setup
    public void setUp() {
        SelectedPeers peers = new SelectedPeers(50, 0);
        for (int i = 0; i < 50; i++) {
            peers.add(AnnounceBenchmark.address(i), AnnounceBenchmark.peerId(i));
        }
        response = new AnnounceResponse(1900, 900, new SwarmStats(30, 70, 0, 12), peers, CLIENT);
    }

    @Benchmark
    public HttpAnnounce parse() {
        return parser.parse(QueryString.parse(QUERY, 6144), CLIENT);
    }

    @Benchmark
    public byte[] write() {
        return AnnounceWriter.write(response, false, true, true);
    }
}
