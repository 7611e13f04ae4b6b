package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.integer;
import static dev.karuta.app.config.ValueParser.ipLiteral;
import static dev.karuta.app.config.ValueParser.oneOf;
import static dev.karuta.app.config.ValueParser.text;
import static dev.karuta.app.config.ValueParser.wholeNumber;

import dev.karuta.accounts.Passkey;
import java.util.List;

/**
 * The keys of private mode: the accounts store, accounting (and how far behind it may be before the
 * node is not ready), a Gazelle database and Ocelot's control API.
 */
public final class PrivateKeys {
    public static final Key<String> MODE = Key.of("karuta.mode", "public", oneOf("public", "private"),
            "`public`, or `private`: passkeys, accounting");
    public static final Key<String> STORE = Key.of("karuta.private.store", "embedded", oneOf("embedded", "gazelle"),
            "private mode: `embedded` (Karuta's own tables in its database, `karuta.db.*`) or `gazelle` (a Gazelle"
                    + " site's database, `karuta.gazelle.*`)");
    public static final Key<Integer> FLUSH_INTERVAL = Key.of("karuta.private.flushInterval", "3", integer(1, 3600),
            "seconds between writes of the accounting (Ocelot's `schedule_interval`)");
    public static final Key<Integer> FINAL_FLUSH_TIMEOUT = Key.of("karuta.private.finalFlushTimeout", "20",
            integer(0, 3600),
            "seconds a stop keeps retrying a database that is down before it keeps the rest in `karuta.data.dir`");
    public static final Key<Integer> MAX_FLUSH_LAG = Key.of("karuta.health.maxFlushLag", "",
            integer(2, 86_400 * 7),
            "private mode: seconds the accounts store may be behind (no flush has written everything for that"
                    + " long) before `/health/ready` answers 503; more than `karuta.private.flushInterval`")
            .defaultDoc("20 × `karuta.private.flushInterval` (60)")
            .fallback(earlier -> Integer.toString(20 * Integer.parseInt(earlier.get(FLUSH_INTERVAL.name()))));
    public static final Key<Integer> DELETION_REASON_LIFETIME = Key.of("karuta.private.deletionReasonLifetime",
            "86400", integer(0, 86_400 * 365),
            "seconds a deleted torrent's reason is told to its peers (Ocelot's `del_reason_lifetime`)");
    public static final Key<Long> MAX_RATE = Key.of("karuta.private.maxRate", "12500000000",
            wholeNumber(1, Long.MAX_VALUE),
            "bytes a second (default 100 Gbit/s): an announce whose uploaded or downloaded grew by more than this"
                    + " times the seconds since the peer's previous announce (plus one) is credited nothing for it"
                    + " and counted (`karuta_accounts_deltas_refused_total`)");
    public static final Key<String> SITE_SECRET = Key.of("karuta.ocelot.site.secret", "", PrivateKeys::gazelleSecret,
            "Ocelot's `site_password` = Gazelle's `TRACKER_SECRET` (32 letters and digits) for `/<secret>/update`;"
                    + " never logged")
            .defaultDoc("(off)")
            .secret();
    public static final Key<String> REPORT_SECRET = Key.of("karuta.ocelot.report.secret", "",
            PrivateKeys::gazelleSecret,
            "Ocelot's `report_password` = Gazelle's `TRACKER_REPORTKEY` for `/<secret>/report`; never logged")
            .defaultDoc("(off)")
            .secret();
    public static final Key<String> GAZELLE_URL = Key.of("karuta.gazelle.url", "", PrivateKeys::gazelleUrl,
            "the Gazelle database, `jdbc:mariadb://HOST:3306/gazelle` (MariaDB's driver talks to MySQL too)")
            .unechoed();
    public static final Key<String> GAZELLE_USER = Key.of("karuta.gazelle.user", "", text(), "its user");
    public static final Key<String> GAZELLE_PASSWORD = Key.of("karuta.gazelle.password", "", text(),
            "its password; never logged").secret();
    public static final Key<String> GAZELLE_SCHEMA = Key.of("karuta.gazelle.schema", "whatcd",
            oneOf("whatcd", "opsnet"),
            "`whatcd` (totals in `users_main`/`torrents`) or `opsnet` (`users_leech_stats`/`torrents_leech_stats`)");
    public static final Key<String> CONTROL_HOST = Key.of("karuta.ocelot.host", "127.0.0.1", ipLiteral(),
            "the address `karuta.ocelot.port` binds");
    public static final Key<Integer> CONTROL_PORT = Key.of("karuta.ocelot.port", "off", PrivateKeys::portOrOff,
            "a raw TCP port for the control API, read as Ocelot reads it, for WhatCD-era sites whose requests"
                    + " lack `Host` (0: any free port)");

    static final List<Key<?>> ALL = List.of(MODE, STORE, FLUSH_INTERVAL, FINAL_FLUSH_TIMEOUT, MAX_FLUSH_LAG,
            DELETION_REASON_LIFETIME, MAX_RATE,
            SITE_SECRET, REPORT_SECRET, GAZELLE_URL, GAZELLE_USER, GAZELLE_PASSWORD, GAZELLE_SCHEMA, CONTROL_HOST,
            CONTROL_PORT);

    private PrivateKeys() {
    }

    private static String gazelleSecret(String raw) {
        if (!raw.isEmpty() && !Passkey.valid(raw)) {
            throw new IllegalArgumentException(
                    "must be 32 letters and digits (Gazelle's TRACKER_SECRET / TRACKER_REPORTKEY)");
        }
        return raw;
    }

    private static String gazelleUrl(String raw) {
        if (!raw.isEmpty() && !raw.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("must be a jdbc:mariadb: URL (MariaDB's driver talks to MySQL too)");
        }
        return raw;
    }

    private static Integer portOrOff(String raw) {
        if (raw.equals("off")) {
            return -1;
        }
        try {
            return integer(0, 65535).parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be off or a port within 0..65535");
        }
    }
}
