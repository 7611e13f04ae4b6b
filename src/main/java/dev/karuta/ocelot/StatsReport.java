package dev.karuta.ocelot;

import dev.karuta.accounts.Pending;
import dev.karuta.accounts.PrivateMode;
import dev.karuta.admin.CountingTracker;
import dev.karuta.swarm.RegistryTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Ocelot's {@code get=stats}: WhatCD's text ({@code <value> <label>} lines after an {@code Uptime:}
 * line, then {@code success}) or OPSnet's JSON ({@code {"<label>":{"type":..,"value":..},...}}), with
 * Ocelot's labels for what Karuta counts truly. {@code requests handled} is announces, scrapes and
 * control requests; the {@code items in ... queue} counts are the accounting not yet written, by kind.
 * Not given, because Jetty owns the connections: connections opened, open connections, connections/s,
 * requests/s, bytes read and bytes written, nor OPSnet's jemalloc and rusage figures.
 */
final class StatsReport {
    /** One figure: Ocelot's label, OPSnet's type ({@code number}, {@code elapsed}) and its value. */
    record Stat(String label, String type, long value) {
    }

    private final CountingTracker counter;
    private final ControlCounters control;
    private final java.util.function.Supplier<RegistryTotals> totals;
    private final PrivateMode tracker;
    private final LongSupplier uptimeSeconds;

    StatsReport(CountingTracker counter, ControlCounters control, java.util.function.Supplier<RegistryTotals> totals,
                PrivateMode tracker,
                LongSupplier uptimeSeconds) {
        this.counter = counter;
        this.control = control;
        this.totals = totals;
        this.tracker = tracker;
        this.uptimeSeconds = uptimeSeconds;
    }

    /** The figures now, uptime last. */
    List<Stat> stats() {
        long announces = counter.announces();
        long refused = counter.announcesRefused();
        Pending.Sizes queued = tracker.pending().sizes();
        List<Stat> out = new ArrayList<>();
        out.add(number("requests handled", announces + counter.scrapes() + control.requests()));
        out.add(number("successful announcements", announces - refused));
        out.add(number("failed announcements", refused));
        out.add(number("scrapes", counter.scrapes()));
        RegistryTotals t = totals.get();
        out.add(number("leechers tracked", t.downloaders() + t.partialSeeds()));
        out.add(number("seeders tracked", t.seeders()));
        out.add(number("items in user queue", queued.users()));
        out.add(number("items in torrent queue", queued.torrents()));
        out.add(number("items in peer queue", queued.peers()));
        out.add(number("items in snatch queue", queued.snatches()));
        out.add(number("items in token queue", queued.tokens()));
        out.add(number("bad tracker secret received", control.badSiteSecrets()));
        out.add(number("bad report secret received", control.badReportSecrets()));
        out.add(number("announce interval", tracker.intervals().interval()));
        out.add(number("announce jitter", tracker.intervals().jitter()));
        out.add(new Stat("uptime", "elapsed", uptimeSeconds.getAsLong()));
        return out;
    }

    private static Stat number(String label, long value) {
        return new Stat(label, "number", value);
    }

    /** WhatCD Ocelot's text: an uptime line, a {@code <value> <label>} line per figure, {@code success}. */
    String text() {
        List<Stat> figures = stats();
        StringBuilder out = new StringBuilder(uptimeLine(figures.get(figures.size() - 1).value()));
        for (Stat s : figures.subList(0, figures.size() - 1)) {
            out.append(s.value()).append(' ').append(s.label()).append('\n');
        }
        return out.append(UpdateActions.SUCCESS).toString();
    }

    /** {@code Uptime: <d> days, hh:mm:ss} and a newline, as Ocelot prints it. */
    static String uptimeLine(long seconds) {
        long s = Math.max(0, seconds);
        return String.format("Uptime: %d days, %02d:%02d:%02d\n", s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    }

    /** OPSnet Ocelot's JSON, {@code version} first, and a newline. */
    String json() {
        JsonObjectWriter json = new JsonObjectWriter()
                .object("version", new JsonObjectWriter().text("type", "string").text("value", version()));
        for (Stat s : stats()) {
            json.object(s.label(), new JsonObjectWriter().text("type", s.type()).number("value", s.value()));
        }
        return json.end() + "\n";
    }

    private static String version() {
        String v = StatsReport.class.getPackage().getImplementationVersion();
        return "Karuta " + (v == null ? "dev" : v);
    }
}
