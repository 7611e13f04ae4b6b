package dev.karuta.web;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.store.JdbcStore;

/** Opens the accounts store private mode is configured with. */
final class AccountsStores {
    private AccountsStores() {
    }

    /** The store {@code settings} name: Karuta's own tables in {@code store}, or a Gazelle site's. */
    static AccountsStore open(PrivateSettings settings, JdbcStore store) {
        throw new IllegalStateException("karuta.private.store=" + settings.store() + " is not available yet");
    }
}
