package dev.karuta.accounts.jdbc;

import dev.karuta.store.TestDatabase;

/** The accounts store contract on Karuta's own tables in Mariadb. */
class MariadbAccountsContractTest extends JdbcAccountsContract {
    @Override
    TestDatabase kind() {
        return TestDatabase.MARIADB;
    }
}
