package dev.karuta.accounts.jdbc;

import dev.karuta.store.TestDatabase;

/** The accounts store contract on Karuta's own tables in H2. */
class H2AccountsContractTest extends JdbcAccountsContract {
    @Override
    TestDatabase kind() {
        return TestDatabase.H2;
    }
}
