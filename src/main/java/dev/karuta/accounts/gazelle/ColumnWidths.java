package dev.karuta.accounts.gazelle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The widths, in characters, of the site's text columns that Karuta's values may not fit: the IP
 * columns are {@code varchar(15)} in stock Gazelle, too narrow for most IPv6 text, and a site may
 * widen them. Strict mode refuses a value that does not fit, so an address is written only when it
 * fits, else as {@code ''} (what Ocelot writes for a protected user), and a User-Agent is cut
 * ({@link dev.karuta.sql.ColumnText}).
 *
 * @param peerIp        {@code xbt_files_users.ip}
 * @param peerUserAgent {@code xbt_files_users.useragent}
 * @param snatchIp      {@code xbt_snatched.IP}
 */
record ColumnWidths(int peerIp, int peerUserAgent, int snatchIp) {
    /** Stock Gazelle's widths. */
    static final ColumnWidths STOCK = new ColumnWidths(15, 51, 15);

    /** The widths the site's database declares; a column it does not list keeps its stock width. */
    static ColumnWidths read(Connection c) throws SQLException {
        int peerIp = STOCK.peerIp;
        int userAgent = STOCK.peerUserAgent;
        int snatchIp = STOCK.snatchIp;
        try (PreparedStatement ps = c.prepareStatement(GazelleSchema.COLUMN_WIDTHS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long width = rs.getLong(3);
                if (rs.wasNull()) {
                    continue;
                }
                int w = (int) Math.min(width, Integer.MAX_VALUE);
                String table = rs.getString(1);
                String column = rs.getString(2);
                if (table.equals("xbt_snatched")) {
                    snatchIp = w;
                } else if (column.equalsIgnoreCase("ip")) {
                    peerIp = w;
                } else {
                    userAgent = w;
                }
            }
        }
        return new ColumnWidths(peerIp, userAgent, snatchIp);
    }
}
