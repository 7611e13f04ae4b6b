package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;

/**
 * What every swarm of one registry shares (one reference per swarm instead of one per item): the
 * registry's totals, its snatch ledger, the {@link Pool} of each family, which keeps its state in
 * each swarm, and the bound of peers per address ({@link RegistrySettings#perAddress}, 0: none).
 */
final class SwarmContext {
    final RegistryTotals totals;
    final SnatchLedger ledger;
    final Pool v4;
    final Pool v6;
    final int perAddress;

    SwarmContext(RegistrySettings settings, RegistryTotals totals, SnatchLedger ledger) {
        this.totals = totals;
        this.ledger = ledger;
        this.v4 = new Pool(AddressFamily.V4, settings.subnetPrefixV4());
        this.v6 = new Pool(AddressFamily.V6, settings.subnetPrefixV6());
        this.perAddress = settings.perAddress();
    }
}
