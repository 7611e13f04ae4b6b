package dev.karuta.accounts.jdbc;

import dev.karuta.sql.RowsWriter;
import dev.karuta.store.Dialect;
import java.util.Collections;
import java.util.function.IntFunction;

/**
 * The statements of an accounts flush in one database's dialect, each with the rows it carries. A
 * statement the driver batches well by itself carries one row: every statement on H2 (in process),
 * the upsert of peers that PostgreSQL's {@code reWriteBatchedInserts} rewrites into multi-row
 * INSERTs, the INSERT of snatches, and the few token updates. The members' and torrents' updates on
 * PostgreSQL and MariaDB, and MariaDB's upsert of peers (its bulk command takes no
 * {@code ON DUPLICATE KEY UPDATE} before 11.5), carry {@link #ROWS} rows each, joined to the table as
 * a derived table of parameters.
 *
 * @param users          per row: uploaded, downloaded, user id (added to)
 * @param torrents       per row: seeders, leechers, snatched, balance, seeders again, now, torrent id
 * @param tokenDownloads per row: downloaded, user id, torrent id (added to)
 * @param tokensUsedUp   per row: user id, torrent id (set expired)
 * @param snatches       per row: user id, torrent id, epoch seconds, ip (inserted)
 * @param peers          per row: {@link PeerColumns#ALL} (upserted)
 */
record FlushSql(RowsWriter users, RowsWriter torrents, RowsWriter tokenDownloads, RowsWriter tokensUsedUp,
                RowsWriter snatches, RowsWriter peers) {
    /**
     * Rows per multi-row statement: a few kilobytes of SQL; PostgreSQL plans a VALUES list of a
     * thousand rows slower per row than one of a hundred.
     */
    static final int ROWS = 100;

    private static final String ADD_USER = "UPDATE karuta_users SET uploaded = uploaded + ?,"
            + " downloaded = downloaded + ? WHERE id = ?";
    /** Counts replaced, totals added; last_action is now when the torrent has a seeder. */
    private static final String SET_TORRENT = "UPDATE karuta_torrents SET seeders = ?, leechers = ?,"
            + " snatched = snatched + ?, balance = balance + ?,"
            + " last_action = CASE WHEN ? > 0 THEN ? ELSE last_action END WHERE id = ?";
    private static final String ADD_TOKEN = "UPDATE karuta_tokens SET downloaded = downloaded + ?"
            + " WHERE user_id = ? AND torrent_id = ?";
    private static final String USE_UP_TOKEN = "UPDATE karuta_tokens SET expired = TRUE"
            + " WHERE user_id = ? AND torrent_id = ?";
    private static final String ADD_SNATCH = "INSERT INTO karuta_user_snatches (user_id, torrent_id, snatched_at, ip)"
            + " VALUES (?, ?, ?, ?)";
    /** The assignments of the multi-row updates, from the derived table {@code v}. */
    private static final String ADD_USERS_SET = "uploaded = t.uploaded + v.d_up, downloaded = t.downloaded + v.d_down";
    private static final String SET_TORRENTS_SET = "seeders = v.d_seeders, leechers = v.d_leechers,"
            + " snatched = t.snatched + v.d_snatched, balance = t.balance + v.d_balance,"
            + " last_action = CASE WHEN v.d_seeded > 0 THEN v.d_now ELSE t.last_action END";

    /** The flush's statements on {@code dialect}. */
    static FlushSql of(Dialect dialect) {
        RowsWriter peers = new RowsWriter(n -> dialect.upsertSql("karuta_peers", PeerColumns.KEY, PeerColumns.ALL, n),
                dialect == Dialect.MARIADB ? ROWS : 1, PeerColumns.ALL.size());
        RowsWriter tokenDownloads = RowsWriter.single(ADD_TOKEN);
        RowsWriter tokensUsedUp = RowsWriter.single(USE_UP_TOKEN);
        RowsWriter snatches = RowsWriter.single(ADD_SNATCH);
        return switch (dialect) {
            case H2 -> new FlushSql(RowsWriter.single(ADD_USER), RowsWriter.single(SET_TORRENT), tokenDownloads,
                    tokensUsedUp, snatches, peers);
            case POSTGRESQL -> new FlushSql(
                    new RowsWriter(postgresql("karuta_users", ADD_USERS_SET, "d_up, d_down, d_id",
                            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER))"), ROWS, 3),
                    new RowsWriter(postgresql("karuta_torrents", SET_TORRENTS_SET,
                            "d_seeders, d_leechers, d_snatched, d_balance, d_seeded, d_now, d_id",
                            "(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                                    + " CAST(? AS INTEGER), CAST(? AS TIMESTAMP), CAST(? AS INTEGER))"), ROWS, 7),
                    tokenDownloads, tokensUsedUp, snatches, peers);
            case MARIADB -> new FlushSql(
                    new RowsWriter(mariadb("karuta_users", ADD_USERS_SET, "? AS d_up, ? AS d_down, ? AS d_id", 3),
                            ROWS, 3),
                    new RowsWriter(mariadb("karuta_torrents", SET_TORRENTS_SET, "? AS d_seeders, ? AS d_leechers,"
                            + " ? AS d_snatched, ? AS d_balance, ? AS d_seeded, CAST(? AS DATETIME) AS d_now,"
                            + " ? AS d_id", 7), ROWS, 7),
                    tokenDownloads, tokensUsedUp, snatches, peers);
        };
    }

    /**
     * {@code UPDATE table AS t SET set FROM (VALUES row, ..) AS v (names) WHERE t.id = v.d_id}; each
     * row casts its parameters, as PostgreSQL would otherwise take a timestamp for text.
     */
    private static IntFunction<String> postgresql(String table, String set, String names, String row) {
        return n -> "UPDATE " + table + " AS t SET " + set + " FROM (VALUES " + Dialect.rows(n, row) + ") AS v ("
                + names + ") WHERE t.id = v.d_id";
    }

    /**
     * {@code UPDATE table AS t JOIN (SELECT first UNION ALL SELECT ?, .. ..) AS v ON t.id = v.d_id SET
     * set}: MariaDB 10 has no column names for a VALUES list, so the first row names them.
     */
    private static IntFunction<String> mariadb(String table, String set, String first, int columns) {
        String next = " UNION ALL SELECT " + String.join(", ", Collections.nCopies(columns, "?"));
        return n -> "UPDATE " + table + " AS t JOIN (SELECT " + first + next.repeat(n - 1) + ") AS v"
                + " ON t.id = v.d_id SET " + set;
    }
}
