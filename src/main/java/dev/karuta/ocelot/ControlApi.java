package dev.karuta.ocelot;

import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;

/**
 * Ocelot's control API without HTTP: {@code /<site secret>/update?...} goes to {@link UpdateActions},
 * {@code /<report secret>/report?...} to {@link OcelotReport}. A wrong or missing secret, or an API
 * whose secret is empty (off), is refused with Ocelot's {@code Authentication failure} and counted
 * before the query is even read, so it changes nothing. Every request is counted for the stats.
 */
final class ControlApi {
    private static final TrackerException AUTHENTICATION = TrackerException.refused("Authentication failure");

    private final Secret siteSecret;
    private final Secret reportSecret;
    private final ControlCounters counters;
    private final UpdateActions updates;
    private final OcelotReport reports;
    private final int maxQueryLength;

    ControlApi(Secret siteSecret, Secret reportSecret, ControlCounters counters, UpdateActions updates,
               OcelotReport reports, int maxQueryLength) {
        this.siteSecret = siteSecret;
        this.reportSecret = reportSecret;
        this.counters = counters;
        this.updates = updates;
        this.reports = reports;
        this.maxQueryLength = maxQueryLength;
    }

    /** An API that refuses everything (a public tracker has none). */
    static ControlApi off() {
        return new ControlApi(new Secret(""), new Secret(""), new ControlCounters(), null, null, 0);
    }

    /**
     * Answers one request for {@code path} ({@code /<secret>/update} or {@code /<secret>/report}, raw)
     * with {@code rawQuery} (undecoded, null when none); returns the body.
     *
     * @throws TrackerException a failure to answer in bencode; nothing has changed then
     * @throws dev.karuta.sql.StoreException when a store that keeps changes could not keep this one
     */
    String answer(String path, String rawQuery) {
        counters.request();
        String presented = Secret.segment(path);
        if (path.endsWith("/update")) {
            if (!siteSecret.matches(presented)) {
                counters.badSiteSecret();
                throw AUTHENTICATION;
            }
            return updates.apply(QueryString.parse(rawQuery, maxQueryLength));
        }
        if (!path.endsWith("/report") || !reportSecret.matches(presented)) {
            counters.badReportSecret();
            throw AUTHENTICATION;
        }
        return reports.report(QueryString.parse(rawQuery, maxQueryLength));
    }
}
