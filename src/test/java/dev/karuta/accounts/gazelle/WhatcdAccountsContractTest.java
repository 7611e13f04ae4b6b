package dev.karuta.accounts.gazelle;

/** The accounts store contract on a WHATCD Gazelle site. */
class WhatcdAccountsContractTest extends GazelleAccountsContract {
    @Override
    GazelleSchema schema() {
        return GazelleSchema.WHATCD;
    }
}
