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
 */
public record AdminParts(AccessLists lists, CountingTracker counter, ActivityHistory history, SwarmBrowser browser,
                         SwarmRegistry registry, long startedAtMillis) {
}
