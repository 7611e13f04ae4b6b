package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An address is written only when it fits the site's IP columns: '' in stock varchar(15), kept when widened. */
class GazelleIpWidthTest extends GazelleTestBase {
    private static final String IPV6 = "2001:db8:85a3::8a2e:370:7334";

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void ipv6TextIsWrittenEmptyInStockColumns(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);

        write(site);

        assertEquals(List.of("10.0.0.1", ""), column(site, "SELECT ip FROM xbt_files_users ORDER BY uid"));
        assertEquals(List.of("10.0.0.1", ""), column(site, "SELECT IP FROM xbt_snatched ORDER BY uid"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void ipv6TextIsKeptInWidenedColumns(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.update("ALTER TABLE xbt_files_users MODIFY ip varchar(45) NOT NULL DEFAULT ''");
        site.update("ALTER TABLE xbt_snatched MODIFY IP varchar(45) NOT NULL");

        write(site);

        assertEquals(List.of("10.0.0.1", IPV6), column(site, "SELECT ip FROM xbt_files_users ORDER BY uid"));
        assertEquals(List.of("10.0.0.1", IPV6), column(site, "SELECT IP FROM xbt_snatched ORDER BY uid"));
    }

    private void write(GazelleSite site) throws Exception {
        open(site.settings()).write(new BatchBuilder()
                .peer(1, 1, peerId(1), 1, "10.0.0.1").peer(2, 1, peerId(2), 2, IPV6)
                .snatch(1, 1, 1_700_000_000L, "10.0.0.1").snatch(2, 1, 1_700_000_000L, IPV6)
                .build());
    }

    private static List<Object> column(GazelleSite site, String sql) throws Exception {
        return site.rows(sql).stream().map(r -> r.get(0)).toList();
    }
}
