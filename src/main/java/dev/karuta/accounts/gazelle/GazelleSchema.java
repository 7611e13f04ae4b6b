package dev.karuta.accounts.gazelle;

/**
 * The SQL a Gazelle site's tracker runs against its schema, as Ocelot runs it: {@link #WHATCD} for
 * WhatCD/Gazelle with WhatCD/Ocelot 1.0, {@link #OPSNET} for OPSnet/Gazelle with OPSnet/Ocelot 2.x.
 * The statements are Ocelot's own except where Karuta differs on purpose, each said where it is:
 * balances are added (Karuta sends deltas), rows that must already exist are changed with a
 * multi-row {@code UPDATE ... JOIN} (strict mode refuses Ocelot's upsert into those tables for every
 * row), peer rows are never truncated at start but marked inactive.
 */
public enum GazelleSchema {
    /** Totals in {@code users_main} and {@code torrents}; {@code xbt_files_users} keyed (peer_id, fid, uid). */
    WHATCD(
            "SELECT ID, info_hash, FreeTorrent, Snatched FROM torrents ORDER BY ID",
            update("users_main", "ID, Uploaded, Downloaded", 1,
                    "t.Uploaded = t.Uploaded + d.Uploaded, t.Downloaded = t.Downloaded + d.Downloaded"),
            update("torrents", "ID, Seeders, Leechers, Snatched, balance", 1,
                    "t.Seeders = d.Seeders, t.Leechers = d.Leechers, t.Snatched = t.Snatched + d.Snatched,"
                            + " t.balance = t.balance + d.balance,"
                            + " t.last_action = IF(d.Seeders > 0, NOW(), t.last_action)"),
            "DELETE FROM torrents WHERE info_hash = ''",
            MultiRow.insert("INSERT", "xbt_snatched", "uid, fid, tstamp, IP", ""),
            "UPDATE torrents SET Seeders = 0, Leechers = 0 WHERE Seeders <> 0 OR Leechers <> 0"),
    /**
     * Totals in {@code users_leech_stats} and {@code torrents_leech_stats} (Ocelot's upserts: every
     * column has a default; foreign keys refuse rows of deleted users and torrents), torrents loaded
     * only with a stats row, snatches inserted with {@code INSERT IGNORE}.
     */
    OPSNET(
            "SELECT t.ID, t.info_hash, t.FreeTorrent, tls.Snatched FROM torrents t"
                    + " INNER JOIN torrents_leech_stats tls ON (tls.TorrentID = t.ID) ORDER BY t.ID",
            MultiRow.insert("INSERT", "users_leech_stats", "UserID, Uploaded, Downloaded",
                    " ON DUPLICATE KEY UPDATE Uploaded = Uploaded + VALUES(Uploaded),"
                            + " Downloaded = Downloaded + VALUES(Downloaded)"),
            MultiRow.insert("INSERT", "torrents_leech_stats",
                    "TorrentID, Seeders, Leechers, Snatched, Balance",
                    " ON DUPLICATE KEY UPDATE Seeders=VALUES(Seeders), Leechers=VALUES(Leechers),"
                            + " Snatched=Snatched+VALUES(Snatched), Balance=Balance+VALUES(Balance),"
                            + " last_action = IF(VALUES(Seeders) > 0, NOW(), last_action)"),
            null,
            MultiRow.insert("INSERT IGNORE", "xbt_snatched", "uid, fid, tstamp, IP", ""),
            "UPDATE torrents_leech_stats SET Seeders = 0, Leechers = 0 WHERE Seeders <> 0 OR Leechers <> 0");

    /** The enabled users, with Ocelot's "protected" (IP hidden) flag. */
    static final String LOAD_USERS = "SELECT ID, can_leech, torrent_pass, (Visible='0' OR IP='127.0.0.1') AS Protected"
            + " FROM users_main WHERE Enabled='1'";
    /** The active freeleech tokens (Ocelot joins torrents for the info_hash; Karuta keys tokens by id). */
    static final String LOAD_TOKENS = "SELECT UserID, TorrentID FROM users_freeleeches WHERE Expired='0'";
    static final String LOAD_WHITELIST = "SELECT peer_id FROM xbt_client_whitelist";
    /** Active peer rows fresh enough to resume: parameter the oldest mtime kept. */
    static final String RESUME_PEERS = "SELECT uid, fid, peer_id, uploaded, downloaded, upspeed, downspeed, remaining,"
            + " timespent, announced, ip, useragent, mtime FROM xbt_files_users WHERE active = 1 AND mtime >= ?";
    /** Marks the other active peer rows inactive (Ocelot truncates the table instead): same parameter. */
    static final String DEACTIVATE_PEERS = "UPDATE xbt_files_users SET active = 0 WHERE active = 1 AND mtime < ?";
    /** Ocelot's "heavy" peer upsert: ip and useragent are written on insert only, as Ocelot does. */
    static final MultiRow PEERS = MultiRow.insert("INSERT", "xbt_files_users", "uid, fid, active, uploaded,"
            + " downloaded, upspeed, downspeed, remaining, corrupt, timespent, announced, ip, peer_id, useragent,"
            + " mtime",
            " ON DUPLICATE KEY UPDATE active=VALUES(active), uploaded=VALUES(uploaded),"
                    + " downloaded=VALUES(downloaded), upspeed=VALUES(upspeed), downspeed=VALUES(downspeed),"
                    + " remaining=VALUES(remaining), corrupt=VALUES(corrupt), timespent=VALUES(timespent),"
                    + " announced=VALUES(announced), mtime=VALUES(mtime)");
    /**
     * Adds download done under a token to the token's row. Ocelot's {@code INSERT ... ON DUPLICATE KEY
     * UPDATE} cannot work in strict mode: {@code users_freeleeches.Time} is NOT NULL without a default,
     * and MariaDB/MySQL refuse the insert part before they look for the duplicate key, for every row.
     */
    static final MultiRow TOKENS = update("users_freeleeches", "UserID, TorrentID, Downloaded", 2,
            "t.Downloaded = t.Downloaded + d.Downloaded");
    /** What Gazelle's token-expiry callback runs for each token Ocelot reports used up. */
    static final String EXPIRE_TOKEN = "UPDATE users_freeleeches SET Expired = TRUE WHERE UserID = ? AND TorrentID = ?";
    /** The widths of the text columns Karuta must fit its values into. */
    static final String COLUMN_WIDTHS = "SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
            + " AND TABLE_NAME IN ('xbt_files_users', 'xbt_snatched') AND COLUMN_NAME IN ('ip', 'useragent')";

    /**
     * A statement over many rows of {@code table}: {@code head}, {@code first} for the first row,
     * {@code next} for each further one, then {@code tail}; {@code parameters} per row.
     */
    record MultiRow(String table, String head, String first, String next, String tail, int parameters) {
        /** {@code <verb> INTO table (columns) VALUES (?,...),(?,...) tail}; columns comma-separated. */
        static MultiRow insert(String verb, String table, String columns, String tail) {
            int n = columns.split(", ").length;
            String row = "(" + "?,".repeat(n - 1) + "?)";
            return new MultiRow(table, verb + " INTO " + table + " (" + columns + ") VALUES ", row, "," + row, tail, n);
        }

        /** The statement for {@code rows} rows. */
        String sql(int rows) {
            StringBuilder sb = new StringBuilder(head.length() + first.length() + (rows - 1) * next.length()
                    + tail.length());
            sb.append(head).append(first);
            for (int i = 1; i < rows; i++) {
                sb.append(next);
            }
            return sb.append(tail).toString();
        }
    }

    /**
     * {@code UPDATE table t JOIN (SELECT ? AS c1, ? AS c2 UNION ALL SELECT ?, ? ...) d ON t.key = d.key
     * SET assignments}: changes the rows that exist and no other. Karuta writes users' and (WhatCD)
     * torrents' totals this way instead of Ocelot's {@code INSERT ... ON DUPLICATE KEY UPDATE}, which
     * strict mode refuses for every row of a table with a NOT NULL column without a default (WhatCD's
     * users_main has Username, Email, PassHash...; torrents has info_hash, GroupID...), and which outside
     * strict mode inserts a phantom row for a user or torrent the site deleted.
     *
     * @param columns the columns of the rows, comma-separated, the first {@code keys} of them the table's key
     */
    private static MultiRow update(String table, String columns, int keys, String assignments) {
        String[] names = columns.split(", ");
        StringBuilder first = new StringBuilder("SELECT ");
        StringBuilder on = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            first.append(i == 0 ? "" : ", ").append("? AS ").append(names[i]);
            if (i < keys) {
                on.append(i == 0 ? "" : " AND ").append("t.").append(names[i]).append(" = d.").append(names[i]);
            }
        }
        String next = " UNION ALL SELECT " + "?, ".repeat(names.length - 1) + "?";
        return new MultiRow(table, "UPDATE " + table + " AS t JOIN (", first.toString(), next,
                ") AS d ON " + on + " SET " + assignments, names.length);
    }

    private final String loadTorrents;
    private final MultiRow users;
    private final MultiRow torrents;
    private final String deletePhantoms;
    private final MultiRow snatches;
    private final String zeroCounts;

    GazelleSchema(String loadTorrents, MultiRow users, MultiRow torrents, String deletePhantoms, MultiRow snatches,
                  String zeroCounts) {
        this.loadTorrents = loadTorrents;
        this.users = users;
        this.torrents = torrents;
        this.deletePhantoms = deletePhantoms;
        this.snatches = snatches;
        this.zeroCounts = zeroCounts;
    }

    /** The registered torrents: ID, info_hash, FreeTorrent, Snatched. */
    String loadTorrents() {
        return loadTorrents;
    }

    /** Adds transfer to the users' totals: ID, Uploaded, Downloaded. */
    MultiRow users() {
        return users;
    }

    /** Sets the torrents' live counts and adds to their totals: ID, Seeders, Leechers, Snatched, balance. */
    MultiRow torrents() {
        return torrents;
    }

    /**
     * Ocelot's cleanup after each torrent flush: deletes the torrent rows with an empty info_hash that
     * Ocelot's upsert makes outside strict mode for torrents the site deleted. Karuta's update makes
     * none, but a site that ran Ocelot may hold some. Null where no such rows can exist (OPSnet).
     */
    String deletePhantoms() {
        return deletePhantoms;
    }

    /** Records completed downloads: uid, fid, tstamp, IP. */
    MultiRow snatches() {
        return snatches;
    }

    /** Zeroes every torrent's live counts (only the rows that are not zero, to lock fewer). */
    String zeroCounts() {
        return zeroCounts;
    }
}
