package dev.karuta.ocelot;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the control API counts for the stats report: its own requests (part of Ocelot's
 * {@code requests handled}) and the requests refused for a wrong secret (OPSnet's
 * {@code bad tracker secret received} and {@code bad report secret received}).
 */
final class ControlCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder badSiteSecret = new LongAdder();
    private final LongAdder badReportSecret = new LongAdder();

    void request() {
        requests.increment();
    }

    void badSiteSecret() {
        badSiteSecret.increment();
    }

    void badReportSecret() {
        badReportSecret.increment();
    }

    /** Update and report requests since start, answered or refused. */
    long requests() {
        return requests.sum();
    }

    /** Update requests refused for a wrong or missing site secret. */
    long badSiteSecrets() {
        return badSiteSecret.sum();
    }

    /** Report requests refused for a wrong or missing report secret. */
    long badReportSecrets() {
        return badReportSecret.sum();
    }
}
