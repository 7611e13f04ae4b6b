package dev.karuta.sql;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads the rows of queries on the caller's connection and transaction into values, skipping each row
 * its mapper refuses and counting the skips per kind of row, so that one damaged row (a value written
 * by hand that the domain types do not take) never fails a load. Rows are streamed, a fetch size at a
 * time (PostgreSQL needs the open transaction for that, MariaDB the fetch size): tables read whole may
 * hold millions of rows.
 */
public final class TolerantReader {
    private static final System.Logger LOG = System.getLogger(TolerantReader.class.getName());

    /** Makes the value of the row at the cursor; refuses a row by throwing (see {@link #read}). */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final int fetchSize;
    private final Map<String, Integer> skipped = new LinkedHashMap<>();

    /** A reader on {@code connection}, fetching {@code fetchSize} rows per round trip. */
    public TolerantReader(Connection connection, int fetchSize) {
        this.connection = connection;
        this.fetchSize = fetchSize;
    }

    /**
     * The values of the rows of {@code sql} with {@code params}, in the query's order; a row whose
     * mapping throws {@link IllegalArgumentException} or {@link NullPointerException} is skipped and
     * counted as one of {@code kind}.
     */
    public <T> List<T> read(String kind, String sql, Row<T> row, Object... params) throws SQLException {
        List<T> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.setFetchSize(fetchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        values.add(row.map(rs));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        skipped.merge(kind, 1, Integer::sum);
                        LOG.log(Level.DEBUG, "skipped a row of {0}: {1}", kind, e.getMessage());
                    }
                }
            }
        }
        return values;
    }

    /** How many rows were skipped, of every kind. */
    public int skipped() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The skips in words, "2 users, 1 torrents", or the empty string when there were none. */
    public String skips() {
        StringJoiner words = new StringJoiner(", ");
        skipped.forEach((kind, n) -> words.add(n + " " + kind));
        return words.toString();
    }
}
