package dev.karuta.app;

import dev.karuta.admin.CountingTracker;
import dev.karuta.core.Hook;
import dev.karuta.core.Intervals;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.PrometheusMetrics;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.rtc.Mailboxes;
import dev.karuta.swarm.rtc.RtcSwarms;
import dev.karuta.ws.WsHandler;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket tracker's parts: the WebRTC swarms, a second tracker pipeline over them with the
 * node's admission hooks (so lists, bans and private mode hold for WebTorrent peers too), the handler
 * the endpoints share, and the sweep of expired peers and idle connections on a daemon thread of its own.
 * Closing it closes every connection and stops the sweep.
 *
 * @param swarms  the WebRTC swarms
 * @param handler the protocol logic every connection's endpoint hands its messages to
 * @param sweeper the thread of the sweep
 * @param shared  the membership in Redis and the relay between nodes ({@code karuta.registry=redis}), or null
 */
public record WebSockets(RtcSwarms swarms, WsHandler handler, ScheduledExecutorService sweeper, SharedWebRtc shared)
        implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebSockets.class.getName());

    /**
     * Starts the parts on {@code config} with the node's {@code hooks} and {@code intervals}; with
     * {@code karuta.registry=redis}, WebTorrent peers meet those of the other nodes, this node known to
     * them as {@code node} (its change bus id).
     */
    static WebSockets start(TrackerConfig config, List<Hook> hooks, Intervals intervals, CountingTracker counter,
                            TrackerMetrics metrics, PrometheusMetrics prometheus, TimeSource time, String node) {
        int maxTorrents = (int) Math.min(Integer.MAX_VALUE, config.registry().maxTorrents());
        SharedWebRtc shared = config.nodes().redisRegistry() ? SharedWebRtc.start(config.nodes().redis(),
                config.nodes().shownUri(), Objects.requireNonNull(node, "a node on Redis has a change bus id"), time, config.ws().peerTtl(), config.ws().maxMessageBytes()) : null;
        RtcSwarms swarms = shared == null ? new RtcSwarms(new Mailboxes(), time, config.ws().peerTtl(), maxTorrents)
                : new RtcSwarms(new Mailboxes(), time, config.ws().peerTtl(), maxTorrents, shared.membership(),
                        shared.relay());
        if (shared != null) {
            shared.relay().listen(swarms::deliver);
        }
        TrackerPipeline pipeline = new TrackerPipeline(config.announce(), intervals, swarms, hooks);
        // Counted with HTTP and UDP's announces, for the dashboard's totals and Ocelot's stats report.
        WsHandler handler = new WsHandler(counter.counting(pipeline), swarms, config.ws(), config.http().maxScrapeHashes(), metrics,
                time);
        if (prometheus != null) {
            prometheus.watch(swarms::totals);
        }
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-ws-sweeper");
            t.setDaemon(true);
            return t;
        });
        long millis = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                handler.sweep();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "WebSocket sweep failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new WebSockets(swarms, handler, sweeper, shared);
    }

    @Override
    public void close() throws InterruptedException {
        sweeper.shutdownNow();
        handler.closeAll();
        if (!sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "WebSocket sweeper did not stop within 10 s");
        }
        if (shared != null) {
            shared.close(); // after the connections' peers left the shared swarms
        }
    }
}
