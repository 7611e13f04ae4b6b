package dev.karuta.admin;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.admin.PrivateBodies.TokenPage;
import dev.karuta.admin.PrivateBodies.TokenView;
import dev.karuta.admin.PrivateBodies.TorrentPage;
import dev.karuta.admin.PrivateBodies.TorrentView;
import dev.karuta.core.InfoHash;
import dev.karuta.swarm.SwarmRegistry;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A private tracker's torrents and freeleech tokens as the admin API lists and changes them, with each
 * torrent's live counts from the swarm registry. Every change goes through {@link Membership}; the
 * caller serializes changes. Refusals are {@link ApiException}s thrown before anything changed.
 */
final class PrivateTorrents {
    /** The fields of {@code POST torrents}. */
    static final Set<String> NEW_TORRENT = Set.of("id", "infoHash", "free");
    /** The fields of {@code PUT torrents/{hex}}. */
    static final Set<String> CHANGE = Set.of("free");
    /** The fields of {@code DELETE torrents/{hex}}. */
    static final Set<String> DELETION = Set.of("reason");
    /** The fields of {@code POST tokens}. */
    static final Set<String> NEW_TOKEN = Set.of("userId", "infoHash");
    /** Longest deletion reason: it is told to every peer that still announces the torrent. */
    static final int MAX_REASON = 200;

    private final Membership members;
    private final Roster roster;
    private final SwarmRegistry registry;

    PrivateTorrents(Membership members, SwarmRegistry registry) {
        this.members = members;
        this.roster = members.roster();
        this.registry = registry;
    }

    /** Torrents by id; {@code q} (hex digits) matches the beginning of an info hash or, all digits, an id. */
    TorrentPage page(int offset, int limit, String q) {
        Slice<Torrent> slice = Slice.of(roster.torrents(), search(q, t -> t.infoHash().toHex(), Torrent::id),
                Comparator.comparingInt(Torrent::id), offset, limit);
        return new TorrentPage(slice.total(), offset, limit, slice.rows().stream().map(this::view).toList());
    }

    /** The registered torrent of {@code hash} with its live counts. */
    TorrentView show(InfoHash hash) {
        return view(existing(hash));
    }

    /** Registers a torrent; its id and info hash must both be free. */
    TorrentView add(JsonRequest body) {
        int id = body.requiredId("id");
        InfoHash hash = JsonApiServlet.hash(body.requiredString("infoHash"));
        FreeLeech free = body.has("free") ? PrivateBodies.free(body.string("free")) : FreeLeech.NORMAL;
        Torrent sameId = roster.torrentById(id);
        if (sameId != null) {
            throw new ApiException(409, "torrent " + id + " is registered (" + sameId.infoHash().toHex() + ")");
        }
        Torrent sameHash = roster.torrent(hash);
        if (sameHash != null) {
            throw new ApiException(409, hash.toHex() + " is registered as torrent " + sameHash.id());
        }
        return view(members.addTorrent(id, hash, free));
    }

    /** Sets a registered torrent's freeleech state. */
    TorrentView setFree(InfoHash hash, JsonRequest body) {
        existing(hash);
        if (!body.has("free")) {
            throw ApiException.badRequest("free is required");
        }
        members.setFree(hash, PrivateBodies.free(body.string("free")));
        return view(existing(hash));
    }

    /** Unregisters a torrent; its peers are told {@code reason} (when given) for a while. */
    TorrentView delete(InfoHash hash, JsonRequest body) {
        Torrent t = existing(hash);
        String reason = body.string("reason");
        if (reason != null) {
            reason = reason.strip();
            if (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("a reason is at most " + MAX_REASON + " characters on one line");
            }
        }
        TorrentView before = view(t);
        members.deleteTorrent(hash, reason == null || reason.isEmpty() ? null : reason);
        return before;
    }

    /** Tokens by user, then torrent; {@code q} matches a user id or the beginning of an info hash. */
    TokenPage tokens(int offset, int limit, String q) {
        Slice<TokenView> slice = Slice.of(roster.tokens().stream().map(this::view).toList(),
                search(q, TokenView::infoHash, TokenView::userId),
                Comparator.comparingInt(TokenView::userId).thenComparingInt(TokenView::torrentId), offset, limit);
        return new TokenPage(slice.total(), offset, limit, slice.rows());
    }

    /** Gives a known user a token for a registered torrent. */
    TokenView give(PrivateUsers users, JsonRequest body) {
        int userId = body.requiredId("userId");
        Torrent t = existing(JsonApiServlet.hash(body.requiredString("infoHash")));
        users.existing(userId);
        if (roster.hasToken(userId, t.id())) {
            throw new ApiException(409, "user " + userId + " holds a token for torrent " + t.id());
        }
        members.addToken(userId, t.infoHash());
        return new TokenView(userId, t.id(), t.infoHash().toHex());
    }

    /** Takes a token away. */
    TokenView take(int userId, InfoHash hash) {
        Torrent t = existing(hash);
        if (!roster.hasToken(userId, t.id())) {
            throw ApiException.notFound("user " + userId + " holds no token for torrent " + t.id());
        }
        members.removeToken(userId, hash);
        return new TokenView(userId, t.id(), hash.toHex());
    }

    /** The registered torrent of {@code hash}, else a 404. */
    Torrent existing(InfoHash hash) {
        Torrent t = roster.torrent(hash);
        if (t == null) {
            throw ApiException.notFound(hash.toHex() + " is not registered");
        }
        return t;
    }

    private TorrentView view(Torrent t) {
        return TorrentView.of(t, registry.stats(t.infoHash()), roster.snatches(t.infoHash()));
    }

    private TokenView view(RosterData.Token token) {
        Torrent t = roster.torrentById(token.torrentId());
        return new TokenView(token.userId(), token.torrentId(), t == null ? null : t.infoHash().toHex());
    }

    /** Rows whose hex info hash starts with {@code q} or, when it is all digits, whose id is {@code q}. */
    private static <T> Predicate<T> search(String q, Function<T, String> hex, ToIntFunction<T> id) {
        String query = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        if (!query.matches("[0-9a-f]{0,40}")) {
            throw ApiException.badRequest("search by an id or the beginning of an info hash (hex digits)");
        }
        if (query.isEmpty()) {
            return row -> true;
        }
        String digits = query.matches("[0-9]{1,10}") ? query : null;
        return row -> {
            String h = hex.apply(row);
            return h != null && h.startsWith(query)
                    || digits != null && Integer.toString(id.applyAsInt(row)).equals(digits);
        };
    }
}
