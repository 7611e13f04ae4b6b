package dev.karuta.app;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.gazelle.GazelleSchema;
import dev.karuta.gazelle.GazelleSettings;
import dev.karuta.gazelle.GazelleStore;
import dev.karuta.store.JdbcStore;
import java.util.Locale;

/** Opens the accounts store private mode is configured with. */
final class AccountsStores {
    private AccountsStores() {
    }

    /** The store {@code settings} name: Karuta's own tables in {@code store}, or a Gazelle site's. */
    static AccountsStore open(PrivateSettings settings, JdbcStore store) {
        if (settings.store() == PrivateSettings.StoreKind.EMBEDDED) {
            return store.accounts();
        }
        PrivateSettings.GazelleDatabase db = settings.gazelle();
        return GazelleStore.open(GazelleSettings.of(db.url(), db.user(), db.password(),
                GazelleSchema.valueOf(db.schema().toUpperCase(Locale.ROOT))));
    }
}
