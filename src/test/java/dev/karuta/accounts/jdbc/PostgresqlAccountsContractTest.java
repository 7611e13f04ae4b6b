package dev.karuta.accounts.jdbc;

import dev.karuta.store.TestDatabase;

/** The accounts store contract on Karuta's own tables in Postgresql. */
class PostgresqlAccountsContractTest extends JdbcAccountsContract {
    @Override
    TestDatabase kind() {
        return TestDatabase.POSTGRESQL;
    }
}
