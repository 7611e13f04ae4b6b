package dev.karuta.gazelle;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Passkey;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Gazelle site's roster with Ocelot's start-up queries: enabled users, registered torrents,
 * active freeleech tokens, the client whitelist. A row the tracker cannot use (a passkey that is not
 * 32 letters and digits, an info_hash that is not 20 bytes, a non-positive id, a NULL whitelist
 * prefix) is skipped; the skips are counted and logged in one line, and never fail the load.
 */
final class RosterReader {
    private static final System.Logger LOG = System.getLogger(RosterReader.class.getName());
    /** Rows fetched per round trip: big tables stream instead of filling the driver's memory. */
    private static final int FETCH = 5000;

    private final GazelleSchema schema;
    private int badUsers;
    private int badTorrents;
    private int badTokens;
    private int badPrefixes;

    private RosterReader(GazelleSchema schema) {
        this.schema = schema;
    }

    /** The roster of the site whose database {@code c} is connected to, read in the caller's transaction. */
    static RosterData read(Connection c, GazelleSchema schema) throws SQLException {
        RosterReader reader = new RosterReader(schema);
        RosterData data = new RosterData(reader.users(c), reader.torrents(c), reader.tokens(c), reader.whitelist(c));
        String skipped = reader.skipped();
        if (!skipped.isEmpty()) {
            LOG.log(Level.WARNING, "the Gazelle roster skipped rows it cannot use: {0}", skipped);
        }
        return data;
    }

    /** What was skipped, in words, or the empty string. */
    private String skipped() {
        List<String> parts = new ArrayList<>();
        if (badUsers > 0) {
            parts.add(badUsers + " users (id not positive, or passkey not 32 letters and digits)");
        }
        if (badTorrents > 0) {
            parts.add(badTorrents + " torrents (id not positive, or info_hash not 20 bytes)");
        }
        if (badTokens > 0) {
            parts.add(badTokens + " tokens (id not positive)");
        }
        if (badPrefixes > 0) {
            parts.add(badPrefixes + " whitelist prefixes (NULL)");
        }
        return String.join(", ", parts);
    }

    private List<User> users(Connection c) throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement ps = query(c, GazelleSchema.LOAD_USERS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String passkey = rs.getString(3);
                if (id <= 0 || id > Integer.MAX_VALUE || !Passkey.valid(passkey)) {
                    badUsers++;
                    continue;
                }
                users.add(new User((int) id, passkey, rs.getInt(2) != 0, !rs.getBoolean(4)));
            }
        }
        return users;
    }

    private List<RosterData.Registered> torrents(Connection c) throws SQLException {
        List<RosterData.Registered> torrents = new ArrayList<>();
        try (PreparedStatement ps = query(c, schema.loadTorrents()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                byte[] hash = rs.getBytes(2);
                if (id <= 0 || id > Integer.MAX_VALUE || hash == null || hash.length != InfoHash.LENGTH) {
                    badTorrents++;
                    continue;
                }
                Torrent t = new Torrent((int) id, InfoHash.of(hash), FreeLeech.ofGazelle(rs.getString(3)));
                torrents.add(new RosterData.Registered(t, Math.max(0, rs.getLong(4))));
            }
        }
        return torrents;
    }

    private List<RosterData.Token> tokens(Connection c) throws SQLException {
        List<RosterData.Token> tokens = new ArrayList<>();
        try (PreparedStatement ps = query(c, GazelleSchema.LOAD_TOKENS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long user = rs.getLong(1);
                long torrent = rs.getLong(2);
                if (user <= 0 || user > Integer.MAX_VALUE || torrent <= 0 || torrent > Integer.MAX_VALUE) {
                    badTokens++;
                    continue;
                }
                tokens.add(new RosterData.Token((int) user, (int) torrent));
            }
        }
        return tokens;
    }

    /** The prefixes as they are; the roster itself skips those no peer_id could start with. */
    private List<String> whitelist(Connection c) throws SQLException {
        List<String> prefixes = new ArrayList<>();
        try (PreparedStatement ps = query(c, GazelleSchema.LOAD_WHITELIST); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String prefix = rs.getString(1);
                if (prefix == null) {
                    badPrefixes++;
                    continue;
                }
                prefixes.add(prefix);
            }
        }
        return prefixes;
    }

    private static PreparedStatement query(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setFetchSize(FETCH);
        return ps;
    }
}
