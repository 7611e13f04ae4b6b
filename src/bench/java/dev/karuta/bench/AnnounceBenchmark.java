package dev.karuta.bench;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.http.AnnounceParser;
import dev.karuta.http.AnnounceWriter;
import dev.karuta.http.HttpAnnounce;
import dev.karuta.http.QueryString;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import java.time.Duration;
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
 * One re-announce (numwant 50) into a swarm of {@code swarmSize} peers (10, 10k, 200k: issue 6's flat
 * cost), a third of them seeders, each
 * peer in a /24 with 255 others: the cost must not grow with the swarm. {@link #announce} goes through
 * the core ({@link TrackerPipeline} over the Caffeine registry); {@link #http} is what the announce
 * servlet does around it too (raw query to request, response to bencode bytes); {@link #scrape} reads
 * the swarm's counts. Many short iterations,
 * so that a median can be taken on a machine shared with other work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AnnounceBenchmark {
    @Param({"10", "10000", "200000"})
    int swarmSize;

    private TrackerPipeline tracker;
    private AnnounceRequest[] requests;
    private String[] queries;
    private dev.karuta.core.ScrapeRequest scrape;
    private final AnnounceParser parser = new AnnounceParser(false);
    private int next;

    static PeerId peerId(int n) {
        byte[] id = new byte[20];
        id[0] = '-';
        id[16] = (byte) (n >> 24);
        id[17] = (byte) (n >> 16);
        id[18] = (byte) (n >> 8);
        id[19] = (byte) n;
        return PeerId.of(id);
    }

    static PeerAddress address(int n) {
        return PeerAddress.of(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}, 6881);
    }

    @Setup
    public void setUp() {
        RegistrySettings settings = new RegistrySettings(Duration.ofDays(1), Duration.ofDays(1), 1_000_000, 24, 48);
        tracker = new TrackerPipeline(AnnounceSettings.defaults(),
                new CaffeineSwarmRegistry(settings, dev.karuta.core.TimeSource.SYSTEM), List.of());
        InfoHash hash = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
        requests = new AnnounceRequest[1024];
        for (int i = 0; i < swarmSize; i++) {
            Answers.join(tracker.announce(request(hash, i, Event.STARTED)));
        }
        for (int i = 0; i < requests.length; i++) {
            requests[i] = request(hash, (i * 7919) % swarmSize, Event.NONE);
        }
        scrape = new dev.karuta.core.ScrapeRequest(java.util.List.of(hash));
        queries = new String[requests.length];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = query(requests[i]);
        }
    }

    /** The request as a client sends it: every byte of info_hash and peer_id percent-encoded. */
    private static String query(AnnounceRequest r) {
        return "info_hash=" + escape(r.infoHash().bytes()) + "&peer_id=" + escape(r.peerId().bytes())
                + "&port=" + r.source().port() + "&uploaded=0&downloaded=0&left=" + r.left()
                + "&corrupt=0&key=" + String.format("%08X", r.key())
                + "&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0";
    }

    private static String escape(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%%%02X", b & 0xff));
        }
        return s.toString();
    }

    private static AnnounceRequest request(InfoHash hash, int peer, Event event) {
        return AnnounceRequest.builder(hash, peerId(peer), address(peer)).left(peer % 3 == 0 ? 0 : 1000).event(event)
                .numWant(50).key(peer).build();
    }

    @Benchmark
    public AnnounceResponse announce() {
        return Answers.join(tracker.announce(requests[next++ & 1023]));
    }

    /** A scrape of the swarm: its counts (after the expiry check), whatever its size. */
    @Benchmark
    public dev.karuta.core.ScrapeResponse scrape() {
        return tracker.scrape(scrape);
    }

    @Benchmark
    public byte[] http() {
        int i = next++ & 1023;
        HttpAnnounce announce = parser.parse(QueryString.parse(queries[i], 6144), requests[i].source().ip());
        AnnounceResponse response = Answers.join(tracker.announce(announce.request()));
        return AnnounceWriter.write(response, false, announce.compact(), announce.noPeerId());
    }
}
