package dev.karuta.gazelle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The widths, in characters, of the site's text columns that Karuta's values may not fit: the IP
 * columns are {@code varchar(15)} in stock Gazelle, too narrow for most IPv6 text, and a site may
 * widen them. Strict mode refuses a value that does not fit, so an address is written only when it
 * fits, else as {@code ''} (what Ocelot writes for a protected user).
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

    /** {@code ip} when it fits in {@code width} characters, else the empty string. */
    static String address(String ip, int width) {
        return ip == null || ip.length() > width ? "" : ip;
    }

    /**
     * {@code userAgent} cut to {@code width} characters, with every character outside printable
     * ASCII replaced by {@code ?}: a header's bytes need not be text in the column's character set,
     * and strict mode would refuse the whole row for one such byte.
     */
    static String userAgent(String userAgent, int width) {
        if (userAgent == null) {
            return "";
        }
        int n = Math.min(userAgent.length(), width);
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            char ch = userAgent.charAt(i);
            out[i] = ch >= 0x20 && ch < 0x7f ? ch : '?';
        }
        return new String(out);
    }
}
