package dev.karuta.accounts;

/**
 * One row of a flush that the database refused on its own (a total beyond its column's range, a row
 * for a user or torrent a site deleted meanwhile), left out so that the rest of the flush is written.
 * {@link AccountsFlusher} keeps it aside for the operator ({@link RefusedRows}).
 *
 * @param table  the table the row was for
 * @param row    the row: a {@link Batch.UserDelta}, {@link Batch.TorrentDelta}, {@link Batch.Snatch},
 *               {@link Batch.PeerRow}, {@link Batch.TokenDelta} or {@link RosterData.Token}
 * @param reason what the database said
 */
public record Refusal(String table, Object row, String reason) {
}
