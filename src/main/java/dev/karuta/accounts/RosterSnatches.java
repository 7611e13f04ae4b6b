package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.swarm.SnatchLedger;

/**
 * A private tracker's snatch counts for the swarm registry: a swarm starts at the count the roster
 * has (the site's {@code Snatched} plus the snatches accounted since the load). The accounting itself
 * counts and writes each snatch, so a swarm's own reports are not needed.
 */
public final class RosterSnatches implements SnatchLedger {
    private final Roster roster;

    /** Snatch counts from {@code roster}. */
    public RosterSnatches(Roster roster) {
        this.roster = roster;
    }

    @Override
    public long base(InfoHash infoHash) {
        return roster.snatches(infoHash);
    }

    @Override
    public void snatched(InfoHash infoHash) {
        // Counted by private mode's accounting, with Ocelot's rule (completed with nothing left).
    }
}
