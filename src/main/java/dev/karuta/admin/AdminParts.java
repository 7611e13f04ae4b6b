package dev.karuta.admin;

import dev.karuta.swarm.SwarmRegistry;

/**
 * What the admin API works on, built by the composition root.
 *
 * @param lists        the access lists and their store
 * @param counter      announce and scrape counts
 * @param history      the dashboard's last hour
 * @param browser      the swarm browser
 * @param registry     the swarm registry (for totals)
 * @param startedAtMillis when the webapp started (epoch milliseconds)
 * @param webSockets   the WebSocket tracker's totals (WebRTC swarms and connections), read at each call
 */
public record AdminParts(AccessLists lists, CountingTracker counter, ActivityHistory history, SwarmBrowser browser,
                         SwarmRegistry registry, long startedAtMillis,
                         java.util.function.Supplier<dev.karuta.swarm.rtc.RtcTotals> webSockets) {
    /** The parts of a node without a WebSocket tracker. */
    public AdminParts(AccessLists lists, CountingTracker counter, ActivityHistory history, SwarmBrowser browser,
                      SwarmRegistry registry, long startedAtMillis) {
        this(lists, counter, history, browser, registry, startedAtMillis, () -> dev.karuta.swarm.rtc.RtcTotals.NONE);
    }
}
