package dev.karuta.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * Private-mode settings ({@code karuta.mode=private} and the {@code karuta.private.*},
 * {@code karuta.ocelot.*} and {@code karuta.gazelle.*} keys).
 *
 * @param enabled                whether the tracker is private
 * @param store                  where users, torrents and accounting live
 * @param flushInterval          how often pending accounting is written
 * @param finalFlushDeadline     how long a stop keeps retrying a database that is down before it keeps
 *                               the rest in the data directory
 * @param deletionReasonLifetime how long a deleted torrent's reason is told to its peers
 * @param siteSecret             Ocelot's {@code site_password} (Gazelle's {@code TRACKER_SECRET}) for
 *                               {@code /<secret>/update}; empty: that API is off
 * @param reportSecret           Ocelot's {@code report_password} (Gazelle's {@code TRACKER_REPORTKEY})
 *                               for {@code /<secret>/report}; empty: that API is off
 * @param gazelle                the Gazelle database, used when {@code store} is {@link StoreKind#GAZELLE}
 * @param controlHost            address literal of the raw control port
 * @param controlPort            the raw control port for the control API (for WhatCD-era Gazelle, whose
 *                               requests lack the Host header containers require); -1: off, 0: any
 * @param maxRate                bytes a second beyond which an announce's growth is not credited
 *                               ({@link Transfers})
 */
public record PrivateSettings(boolean enabled, StoreKind store, Duration flushInterval, Duration finalFlushDeadline,
                              Duration deletionReasonLifetime, String siteSecret, String reportSecret,
                              GazelleDatabase gazelle, String controlHost, int controlPort,
                              long maxRate) {
    /** Where a private tracker keeps its users, torrents and accounting. */
    public enum StoreKind {
        /** Karuta's own tables in its own database ({@code karuta.db.*}, embedded H2 by default). */
        EMBEDDED,
        /** A Gazelle site's MariaDB/MySQL schema ({@code karuta.gazelle.*}). */
        GAZELLE
    }

    /**
     * A Gazelle site's database.
     *
     * @param url      JDBC URL ({@code jdbc:mariadb://...} or {@code jdbc:mysql://...})
     * @param user     user
     * @param password password, never logged
     * @param schema   {@code whatcd} (users_main/torrents carry the totals) or {@code opsnet}
     *                 (users_leech_stats/torrents_leech_stats)
     */
    public record GazelleDatabase(String url, String user, String password, String schema) {
    }

    public PrivateSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(siteSecret, "siteSecret");
        Objects.requireNonNull(reportSecret, "reportSecret");
        if (!siteSecret.isEmpty() && !Passkey.valid(siteSecret) || !reportSecret.isEmpty() && !Passkey.valid(reportSecret)) {
            throw new IllegalArgumentException("a secret is 32 letters and digits, as Gazelle makes them");
        }
        if (maxRate < 1) {
            throw new IllegalArgumentException("the largest rate must be positive");
        }
        if (!siteSecret.isEmpty() && siteSecret.equals(reportSecret)) {
            throw new IllegalArgumentException("the site and report secrets must differ");
        }
    }

    /** A public tracker's settings: private mode off. */
    public static PrivateSettings disabled() {
        return new PrivateSettings(false, StoreKind.EMBEDDED, Duration.ofSeconds(3), Duration.ofSeconds(20),
                Duration.ofDays(1), "", "", new GazelleDatabase("", "", "", "whatcd"), "127.0.0.1", -1,
                Transfers.DEFAULT_MAX_RATE);
    }
}
