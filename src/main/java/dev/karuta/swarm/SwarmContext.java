package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;

/**
 * What every swarm of one registry shares (one reference per swarm instead of one per item): the
 * registry's totals, its snatch ledger, and the shape of each family's {@link Pool}.
 */
final class SwarmContext {
    final RegistryTotals totals;
    final SnatchLedger ledger;
    final Shape v4;
    final Shape v6;

    SwarmContext(RegistrySettings settings, RegistryTotals totals, SnatchLedger ledger) {
        this.totals = totals;
        this.ledger = ledger;
        this.v4 = new Shape(AddressFamily.V4, settings.subnetPrefixV4());
        this.v6 = new Shape(AddressFamily.V6, settings.subnetPrefixV6());
    }

    /** The fixed facts of one family's pools: entry sizes and the subnet prefix. */
    static final class Shape {
        final AddressFamily family;
        final boolean v4;
        final int addressLength;
        final int compactLength;
        /** Bytes of one pool entry: the compact address and port, then the peer's record (3 bytes). */
        final int stride;
        final int subnetBits;

        Shape(AddressFamily family, int subnetBits) {
            this.family = family;
            this.v4 = family == AddressFamily.V4;
            this.addressLength = family.addressLength();
            this.compactLength = family.compactLength();
            this.stride = compactLength + 3;
            this.subnetBits = subnetBits;
        }
    }
}
