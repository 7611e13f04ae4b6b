package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.integer;

import java.util.List;

/** The keys of announce timing and of how many peers an answer holds. */
public final class AnnounceKeys {
    public static final Key<Integer> INTERVAL = Key.of("karuta.announce.interval", "1800", integer(1, 86_400),
            "seconds between regular announces");
    public static final Key<Integer> INTERVAL_JITTER = Key.of("karuta.announce.intervalJitter", "240",
            integer(0, 86_400), "up to this many seconds added at random to each interval");
    public static final Key<Integer> MIN_INTERVAL = Key.of("karuta.announce.minInterval", "900", integer(0, 86_400),
            "`min interval`, and scrape `min_request_interval`");
    public static final Key<Integer> NUMWANT_DEFAULT = Key.of("karuta.numwant.default", "50", integer(0, 10_000),
            "peers handed out when the client does not say");
    public static final Key<Integer> NUMWANT_MAX = Key.of("karuta.numwant.max", "200", integer(0, 10_000),
            "most peers handed out (larger `numwant` is clamped)");

    static final List<Key<?>> ALL = List.of(INTERVAL, INTERVAL_JITTER, MIN_INTERVAL, NUMWANT_DEFAULT, NUMWANT_MAX);

    private AnnounceKeys() {
    }
}
