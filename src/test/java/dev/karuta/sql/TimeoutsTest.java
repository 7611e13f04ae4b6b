package dev.karuta.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeouts are set in each driver's own unit, and every statement of a transaction carries its query timeout. */
class TimeoutsTest {
    private static final Timeouts T = new Timeouts(Duration.ofMillis(1500), Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    @Test
    void postgresqlCountsSecondsRoundedUpAndBoundsItsCancel() {
        HikariConfig c = config("jdbc:postgresql://db.example:5432/karuta");
        assertEquals("2", c.getDataSourceProperties().get("connectTimeout"));
        assertEquals("30", c.getDataSourceProperties().get("socketTimeout"));
        assertEquals("2", c.getDataSourceProperties().get("cancelSignalTimeout"));
        assertEquals(3000, c.getConnectionTimeout(), "room for one connect after a failed validation");
        assertEquals(1500, c.getValidationTimeout());
    }

    @Test
    void mariadbCountsMilliseconds() {
        HikariConfig c = config("jdbc:mariadb://db.example:3306/karuta");
        assertEquals("1500", c.getDataSourceProperties().get("connectTimeout"));
        assertEquals("30000", c.getDataSourceProperties().get("socketTimeout"));
    }

    @Test
    void h2GetsNoDriverProperty() {
        assertEquals(0, config("jdbc:h2:mem:x").getDataSourceProperties().size());
    }

    @Test
    void theQueryTimeoutIsOneSecondShortOfTheSocketTimeoutAndAtLeastOne() {
        assertEquals(29, T.querySeconds());
        assertEquals(1, new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(1500)).querySeconds());
        assertThrows(IllegalArgumentException.class, () -> new Timeouts(Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void everyStatementOfATransactionCarriesTheQueryTimeout() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + tmp.resolve("t").toAbsolutePath());
        h2.setUser("sa");
        List<Integer> seen = new Transactions(h2, "", () -> { }, T).run("read the timeouts", c -> {
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                return List.of(st.getQueryTimeout(), ps.getQueryTimeout());
            }
        });
        assertEquals(List.of(29, 29), seen);
        int without = new Transactions(h2, "", () -> { }).run("read the timeout", c -> {
            try (Statement st = c.createStatement()) {
                return st.getQueryTimeout();
            }
        });
        assertEquals(0, without, "none without timeouts (H2 embedded)");
    }

    private static HikariConfig config(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        T.applyTo(c);
        return c;
    }
}
