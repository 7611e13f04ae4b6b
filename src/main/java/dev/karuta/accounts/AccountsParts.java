package dev.karuta.accounts;

/**
 * What the composition root built for private mode, for the control and admin APIs.
 *
 * @param settings the private-mode settings
 * @param tracker  the private tracker (its roster, transfers and pending accounting)
 * @param store    where users, torrents and accounting are kept
 * @param flusher  what writes the accounting
 */
public record AccountsParts(PrivateSettings settings, PrivateTracker tracker, AccountsStore store,
                            AccountsFlusher flusher) {
}
