package dev.karuta.accounts.gazelle;

/** The accounts store contract on a OPSNET Gazelle site. */
class OpsnetAccountsContractTest extends GazelleAccountsContract {
    @Override
    GazelleSchema schema() {
        return GazelleSchema.OPSNET;
    }
}
