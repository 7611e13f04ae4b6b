package dev.karuta.accounts;

/** How a torrent's transfer counts toward its users' totals (Gazelle's {@code FreeTorrent} column). */
public enum FreeLeech {
    /** Upload and download both count. */
    NORMAL,
    /** Only upload counts (freeleech). */
    FREE,
    /** Neither counts (neutral leech). */
    NEUTRAL;

    /**
     * The state Gazelle's {@code FreeTorrent} value (and Ocelot's {@code freetorrent} parameter) stands
     * for: {@code 0} normal, {@code 1} free, anything else neutral, as Ocelot reads it; null or empty
     * is normal.
     */
    public static FreeLeech ofGazelle(String value) {
        if (value == null || value.isEmpty() || value.equals("0")) {
            return NORMAL;
        }
        return value.equals("1") ? FREE : NEUTRAL;
    }

    /** Gazelle's {@code FreeTorrent} value for this state. */
    public String gazelle() {
        return Integer.toString(ordinal());
    }

    /** Whether downloads on such a torrent count. */
    public boolean countsDownload() {
        return this == NORMAL;
    }

    /** Whether uploads on such a torrent count. */
    public boolean countsUpload() {
        return this != NEUTRAL;
    }
}
