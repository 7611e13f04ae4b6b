package dev.karuta.accounts.gazelle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The tables of a Gazelle schema as the tests and benchmarks create them:
 * {@code src/test/resources/gazelle/whatcd.sql} and {@code opsnet.sql}, statements ending in {@code ;}
 * at the end of a line, {@code --} comment lines.
 */
public final class GazelleDdl {
    private GazelleDdl() {
    }

    /** Creates the tables of {@code schema} in the database {@code c} is connected to. */
    public static void apply(Connection c, GazelleSchema schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements(schema)) {
                st.execute(sql);
            }
        }
    }

    /** The {@code CREATE TABLE} statements of {@code schema}. */
    static List<String> statements(GazelleSchema schema) {
        String name = "/gazelle/" + schema.name().toLowerCase(Locale.ROOT) + ".sql";
        try (InputStream in = GazelleDdl.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return List.of(sql.toString().split(";\\s*\n")).stream().filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
