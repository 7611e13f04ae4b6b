package dev.karuta.policy;

import java.util.Locale;

/** How an access list is applied: not at all, as the only entries allowed, or as entries refused. */
public enum ListMode {
    /** The list is kept but not applied. */
    OFF,
    /** Only listed entries are allowed (whitelist). */
    ALLOW,
    /** Listed entries are refused (blacklist). */
    DENY;

    /** The mode named {@code name} ({@code off}, {@code allow}, {@code deny}, any case). */
    public static ListMode parse(String name) {
        for (ListMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be off, allow or deny");
    }

    /** The lower-case name used in configuration, JSON and the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
