package dev.karuta.accounts;

/**
 * What the composition root built for private mode, for the control and admin APIs.
 *
 * @param settings the private-mode settings
 * @param mode     private mode (its roster, transfers and pending accounting)
 * @param store    where users, torrents and accounting are kept
 * @param flusher  what writes the accounting
 * @param members  the changes operators and the site make (users, torrents, tokens, whitelist)
 */
public record AccountsParts(PrivateSettings settings, PrivateMode mode, AccountsStore store,
                            AccountsFlusher flusher, Membership members) {
}
