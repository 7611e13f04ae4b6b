package dev.karuta.accounts;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Tracker;
import dev.karuta.policy.Policy;
import dev.karuta.policy.PolicyChain;
import dev.karuta.swarm.AnnounceResult;
import dev.karuta.swarm.SwarmRegistry;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The private tracker: only users known by their passkey, only registered torrents, only whitelisted
 * clients; every announce is accounted (transfer per user, counts and balance per torrent, snatches,
 * peer rows, freeleech and tokens) into {@link Pending}, which a flusher writes to the store off the
 * request path. A user is never handed their own peers. Announce and scrape never touch the database.
 */
public final class PrivateTracker implements Tracker {
    private final AnnounceSettings settings;
    private final Roster roster;
    private final SwarmRegistry registry;
    private final Transfers transfers;
    private final Pending pending;
    private final LongSupplier clock;
    private final long deletionLifetime;
    private final Policy policy;
    private volatile int interval;
    private volatile int jitter;

    /**
     * A private tracker over {@code registry} for {@code roster}'s users and torrents.
     *
     * @param clock            epoch seconds
     * @param deletionLifetime seconds a deleted torrent's reason is told to its peers
     */
    public PrivateTracker(AnnounceSettings settings, Roster roster, SwarmRegistry registry, Transfers transfers,
                          Pending pending, LongSupplier clock, long deletionLifetime) {
        this(settings, roster, registry, transfers, pending, clock, deletionLifetime, PolicyChain.empty());
    }

    /**
     * A private tracker that also runs {@code policy} (the admin's torrent and client lists) on every
     * announce and scrape of a known user, before anything is accounted.
     */
    public PrivateTracker(AnnounceSettings settings, Roster roster, SwarmRegistry registry, Transfers transfers,
                          Pending pending, LongSupplier clock, long deletionLifetime, Policy policy) {
        this.settings = settings;
        this.roster = roster;
        this.registry = registry;
        this.transfers = transfers;
        this.pending = pending;
        this.clock = clock;
        this.deletionLifetime = deletionLifetime;
        this.policy = policy;
        this.interval = settings.intervalSeconds();
        this.jitter = settings.intervalJitterSeconds();
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) {
        Admitted admitted = admit(request);
        AnnounceResult result = admitted.forbidden() ? null
                : registry.announce(request, numWant(request), admitted.user().id());
        return conclude(admitted, request, result);
    }

    @Override
    public CompletionStage<AnnounceResponse> announceAsync(AnnounceRequest request) {
        Admitted admitted;
        try {
            admitted = admit(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<AnnounceResult> result = admitted.forbidden() ? CompletableFuture.completedFuture(null)
                : registry.announceAsync(request, numWant(request), admitted.user().id());
        return result.thenApply(r -> conclude(admitted, request, r));
    }

    /** Who announces for which torrent, and whether they may only be accounted (a leecher who may not leech). */
    private record Admitted(User user, Torrent torrent, boolean forbidden) {
    }

    /** The checks before anything changes: passkey, registered torrent, client whitelist, the admin's policy. */
    private Admitted admit(AnnounceRequest request) {
        User user = roster.user(Passkey.fromPath(request.context().urlData()));
        if (user == null) {
            throw Refusals.PASSKEY_NOT_FOUND;
        }
        Torrent torrent = registered(request.infoHash());
        if (!roster.clientAllowed(request.peerId())) {
            throw Refusals.CLIENT_NOT_WHITELISTED;
        }
        policy.checkAnnounce(request);
        // A user who may not download is still accounted (they may have uploaded), but joins no swarm.
        return new Admitted(user, torrent, !user.canLeech() && request.left() > 0);
    }

    private int numWant(AnnounceRequest request) {
        return request.event() == Event.STOPPED ? 0 : settings.clampNumWant(request.numWant());
    }

    /** Accounts an announce the registry took ({@code result}, null when it joined no swarm) and answers it. */
    private AnnounceResponse conclude(Admitted admitted, AnnounceRequest request, AnnounceResult result) {
        account(admitted.user(), admitted.torrent(), request);
        if (admitted.forbidden()) {
            throw Refusals.LEECHING_FORBIDDEN;
        }
        int j = jitter;
        int seconds = interval + (j == 0 ? 0 : ThreadLocalRandom.current().nextInt(j + 1));
        return new AnnounceResponse(seconds, Math.min(settings.minIntervalSeconds(), interval), result.stats(),
                result.peers(), request.source().ip());
    }

    private Torrent registered(InfoHash infoHash) {
        Torrent torrent = roster.torrent(infoHash);
        if (torrent == null) {
            throw Refusals.unregistered(roster.deletionReason(infoHash, clock.getAsLong(), deletionLifetime));
        }
        return torrent;
    }

    /** Credits the announce's transfer with Ocelot's freeleech and token rules and queues its rows. */
    private void account(User user, Torrent torrent, AnnounceRequest request) {
        long now = clock.getAsLong();
        String ip = user.visible() ? ipText(request) : "";
        Transfers.Outcome outcome = transfers.announce(user.id(), torrent.id(), request, now, ip,
                request.context().userAgent());
        boolean token = roster.hasToken(user.id(), torrent.id());
        FreeLeech free = torrent.free();
        long up = free.countsUpload() ? outcome.uploaded() : 0;
        long down = free.countsDownload() && !token ? outcome.downloaded() : 0;
        pending.credit(user.id(), up, down);
        if (token) {
            pending.tokenDownload(user.id(), torrent.id(), outcome.downloaded());
        }
        long snatched = 0;
        if (outcome.snatch()) {
            snatched = 1;
            roster.snatched(torrent.infoHash());
            pending.snatch(new Batch.Snatch(user.id(), torrent.id(), now, ip));
            if (token && roster.removeToken(user.id(), torrent.id())) {
                pending.tokenUsedUp(user.id(), torrent.id());
            }
        }
        pending.torrent(torrent, snatched, outcome.uploaded() - outcome.downloaded());
        pending.peer(outcome.row());
    }

    private static String ipText(AnnounceRequest request) {
        PeerAddress a = request.ipv4() != null ? request.ipv4() : request.ipv6();
        return a == null ? "" : a.host();
    }

    /** Scrapes registered torrents for a known passkey; unregistered ones are left out, as Ocelot does. */
    @Override
    public ScrapeResponse scrape(ScrapeRequest request) {
        if (roster.user(Passkey.fromPath(request.urlData())) == null) {
            throw Refusals.PASSKEY_NOT_FOUND;
        }
        policy.checkScrape(request);
        TreeMap<InfoHash, SwarmStats> files = new TreeMap<>();
        for (InfoHash h : request.infoHashes()) {
            if (roster.torrent(h) != null) {
                files.computeIfAbsent(h, registry::stats);
            }
        }
        return new ScrapeResponse(files, settings.minIntervalSeconds());
    }

    /** A private tracker tells its torrents to no one who does not name them: a full scrape lists none. */
    @Override
    public void scrapeAll(BiConsumer<InfoHash, SwarmStats> sink) {
    }

    /**
     * Forgets peers silent for {@code ttl} seconds (their rows become inactive and their torrents'
     * counts are rewritten) and deletion reasons past their lifetime; returns the peers forgotten.
     */
    public int expire(long ttl) {
        long now = clock.getAsLong();
        roster.forgetDeletions(now, deletionLifetime);
        return transfers.expire(now, ttl, row -> {
            pending.peer(row);
            Torrent t = roster.torrentById(row.torrentId());
            if (t != null) {
                pending.torrent(t, 0, 0);
            }
        });
    }

    /** The base announce interval now (Ocelot's {@code announce_interval}). */
    public int interval() {
        return interval;
    }

    /** Changes the base announce interval (seconds, positive). */
    public void setInterval(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("interval must be positive");
        }
        interval = seconds;
    }

    /** The most seconds added at random to each interval (Ocelot's {@code announce_jitter}). */
    public int jitter() {
        return jitter;
    }

    /** Changes the jitter (seconds, 0 or more). */
    public void setJitter(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("jitter must not be negative");
        }
        jitter = seconds;
    }

    /** The users, torrents, tokens and whitelist this tracker serves. */
    public Roster roster() {
        return roster;
    }

    /** The per-peer transfer baselines. */
    public Transfers transfers() {
        return transfers;
    }

    /** The accounting waiting to be written. */
    public Pending pending() {
        return pending;
    }

    /** The swarms. */
    public SwarmRegistry registry() {
        return registry;
    }
}
