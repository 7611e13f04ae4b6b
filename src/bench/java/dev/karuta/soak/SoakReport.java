package dev.karuta.soak;

import java.util.List;

/**
 * What a soak run measured and every check it failed ({@link #problems()} empty: it passed).
 *
 * @param settings      what the run did
 * @param loadSeconds   how long the client threads ran (churn plus tail)
 * @param httpKeepAlive announces answered over HTTP keep-alive
 * @param httpClose     announces answered over HTTP, a connection each
 * @param udp           announces answered over UDP
 * @param udpConnects   BEP 15 connects
 * @param udpRetries    UDP requests sent again after 2 s without an answer
 * @param errors        wrong, failed or missing answers and late re-announces
 * @param firstErrors   the first few errors' messages
 * @param joined        peers that joined ({@code started})
 * @param stopped       peers that left with {@code stopped}
 * @param vanished      peers that went silent
 * @param completed     {@code completed} announces
 * @param paused        peers that became partial seeds
 * @param maxLagMillis  the most a step started late
 * @param counts        the count check's numbers
 * @param peersExpired  the registry's count of peers removed by TTL
 * @param swarmsEvicted the registry's count of swarms dropped when idle (their expired peers go with them,
 *                      not counted as expired)
 * @param heapBaseline  heap after GC before the load (bytes)
 * @param heapEnd       heap after GC after it, the live peers still held
 * @param heapBound     the most {@code heapEnd} may be
 * @param threadsBefore live threads before the load
 * @param threadsAfter  live threads after it
 * @param problems      every failed check, in words
 */
public record SoakReport(SoakSettings settings, double loadSeconds, long httpKeepAlive, long httpClose, long udp,
                         long udpConnects, long udpRetries, long errors, List<String> firstErrors, long joined,
                         long stopped, long vanished, long completed, long paused, long maxLagMillis,
                         CountCheck.Result counts, long peersExpired, long swarmsEvicted, long heapBaseline,
                         long heapEnd, long heapBound, int threadsBefore, int threadsAfter, List<String> problems) {

    /** Whether every check passed. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** The report as a few lines of text. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        long all = httpKeepAlive + httpClose + udp;
        sb.append(String.format("soak: %d s churn + %d s tail, %d live peers over %d torrents, %d client threads,"
                        + " interval %d s (+%d), TTL %d s, sweep %d s%n", settings.seconds(),
                Math.round(loadSeconds) - settings.seconds(), settings.peers(), settings.torrents(), settings.workers(),
                settings.interval(), settings.jitter(), settings.ttl(), settings.sweep()));
        sb.append(String.format("announces: %d (%.0f/s): HTTP keep-alive %d (%.0f/s), HTTP close %d (%.0f/s),"
                        + " UDP %d (%.0f/s; %d connects, %d resends); most late %d ms%n", all, all / loadSeconds,
                httpKeepAlive, httpKeepAlive / loadSeconds, httpClose, httpClose / loadSeconds, udp, udp / loadSeconds,
                udpConnects, udpRetries, maxLagMillis));
        sb.append(String.format("errors: %d%s%n", errors, firstErrors.isEmpty() ? "" : " " + firstErrors));
        sb.append(String.format("peers: joined %d, stopped %d, vanished %d (registry: %d expired, %d idle swarms"
                        + " evicted), completed %d,"
                        + " paused %d; live at the end: model %d, registry totals %d, full scan %d, in %d swarms%n",
                joined, stopped, vanished, peersExpired, swarmsEvicted, completed, paused, counts.modelPeers(),
                counts.totalsPeers(),
                counts.scannedPeers(), counts.swarms()));
        sb.append(String.format("heap after GC: baseline %.1f MiB, end %.1f MiB (bound %.1f MiB)%n",
                heapBaseline / 1048576.0, heapEnd / 1048576.0, heapBound / 1048576.0));
        sb.append(String.format("threads: before %d, after %d%n", threadsBefore, threadsAfter));
        sb.append(passed() ? "PASS" : "FAIL: " + String.join("; ", problems)).append(System.lineSeparator());
        return sb.toString();
    }
}
