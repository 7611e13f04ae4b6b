package dev.karuta.app;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.accounts.gazelle.GazelleSchema;
import dev.karuta.accounts.gazelle.GazelleSettings;
import dev.karuta.accounts.gazelle.GazelleStore;
import dev.karuta.accounts.jdbc.JdbcAccountsStore;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.Timeouts;
import dev.karuta.store.JdbcStore;
import java.util.Locale;

/** Opens the accounts store private mode is configured with. */
final class AccountsStores {
    private AccountsStores() {
    }

    /**
     * The store {@code settings} name, on {@code time}: Karuta's own tables in {@code store}, or a Gazelle
     * site's, on {@code timeouts} (those of Karuta's own database: one setting for every database).
     */
    static AccountsStore open(PrivateSettings settings, JdbcStore store, Timeouts timeouts, TimeSource time) {
        if (settings.store() == PrivateSettings.StoreKind.EMBEDDED) {
            return new JdbcAccountsStore(store.database(), time);
        }
        PrivateSettings.GazelleDatabase db = settings.gazelle();
        return GazelleStore.open(GazelleSettings.of(db.url(), db.user(), db.password(),
                GazelleSchema.valueOf(db.schema().toUpperCase(Locale.ROOT))).withTimeouts(timeouts), time);
    }
}
