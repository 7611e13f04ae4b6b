package dev.karuta.ocelot;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Pending;
import dev.karuta.accounts.PrivateMode;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterSnatches;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.Transfers;
import dev.karuta.accounts.User;
import dev.karuta.admin.CountingTracker;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.Intervals;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.TrackerException;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.http.QueryString;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.MemoryAccountsStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A private tracker without Jetty, with the control API's actions and reports over it: two users, two
 * torrents (one with a hash full of bytes a URL must escape), a store that keeps changes.
 */
final class ControlFixture {
    static final String ALICE = "aliceAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    static final String BOB = "bobBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    /** Bytes PHP's rawurlencode escapes, {@code %00}, {@code +}, {@code %}, non-ASCII, and plain letters. */
    static final byte[] ODD = {0, '+', '%', ' ', '&', '=', (byte) 0xff, (byte) 0x80, (byte) 0xe9, 'a', 'Z', '9', '-',
            '.', '~', '/', '?', '#', 0x7f, 1};
    static final byte[] PLAIN = "plain-torrent-hash-1".getBytes(StandardCharsets.US_ASCII);

    final FakeTime ticker = new FakeTime();
    /** Wall-clock second 1,000,000, as the roster and accounting read it. */
    final FakeTime time = new FakeTime(1_000_000_000L);
    final MemoryAccountsStore store = MemoryAccountsStore.keeping();
    final Roster roster = new Roster();
    final CaffeineSwarmRegistry registry;
    final PrivateMode tracker;
    final CountingTracker counter;
    final Membership members;
    final Traces traces = new Traces();
    final ControlCounters control = new ControlCounters();
    final UpdateActions updates;

    ControlFixture() {
        roster.load(new RosterData(List.of(new User(1, ALICE, true, true), new User(2, BOB, true, true)),
                List.of(new RosterData.Registered(new Torrent(10, InfoHash.of(ODD), FreeLeech.NORMAL), 5),
                        new RosterData.Registered(new Torrent(11, InfoHash.of(PLAIN), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        registry = new CaffeineSwarmRegistry(RegistrySettings.defaults(), ticker, new RosterSnatches(roster));
        AnnounceSettings settings = new AnnounceSettings(1800, 0, 900, 50, 200);
        tracker = new PrivateMode(roster, new Transfers(), new Pending(), time, new Intervals(settings), 86_400);
        counter = new CountingTracker(new TrackerPipeline(settings, tracker.intervals(), registry,
                tracker.hooks(List.of())));
        members = new Membership(tracker, store, () -> 1_000_000L);
        updates = new UpdateActions(members, tracker, traces);
    }

    /** A report in WhatCD's text ({@code opsnet} false) or OPSnet's JSON. */
    OcelotReport reports(boolean opsnet) {
        return new OcelotReport(new StatsReport(counter, control, registry::totals, tracker, () -> 93_784), tracker,
                traces, opsnet);
    }

    /** Applies {@code query} (raw, as on the wire); returns the body. */
    String update(String query) {
        return updates.apply(QueryString.parse(query, 6144));
    }

    /** Applies {@code query}, which must be refused; returns the reason. */
    String refused(String query) {
        return assertThrows(TrackerException.class, () -> update(query)).getMessage();
    }

    /** An announce through the counting tracker with {@code passkey} from a peer_id made of {@code peer}. */
    void announce(String passkey, byte[] hash, String peer, long left, Event event) {
        byte[] id = Arrays.copyOf(peer.getBytes(StandardCharsets.US_ASCII), 20);
        PeerAddress from = PeerAddress.of(new byte[] {10, 0, 0, (byte) (1 + peer.length())}, 6881);
        Answers.join(counter.announce(AnnounceRequest.builder(InfoHash.of(hash), PeerId.of(id), from)
                .left(left).event(event).numWant(50).urlData("/" + passkey + "/announce").peerIds(false).build()));
    }
}
