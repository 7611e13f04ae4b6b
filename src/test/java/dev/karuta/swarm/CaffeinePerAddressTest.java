package dev.karuta.swarm;

import dev.karuta.core.TimeSource;

/** The bound of peers per address on the in-memory registry. */
class CaffeinePerAddressTest extends PerAddressContract {
    @Override
    protected SwarmRegistry create(RegistrySettings settings, TimeSource ticker) {
        return new CaffeineSwarmRegistry(settings, ticker);
    }
}
