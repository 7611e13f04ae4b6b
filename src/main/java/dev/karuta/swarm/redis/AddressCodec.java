package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.EMPTY;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import dev.karuta.swarm.RegistrySettings;

/**
 * How the scripts are handed a peer's addresses: compact (address then port, big-endian, as a compact
 * peer list holds them), and the id of its subnet for the neighbour sets ({@code 4:} or {@code 6:}
 * then the subnet's leading bits in hex, the prefix lengths from {@link RegistrySettings}). An absent
 * address, or a family whose subnets are off, is the empty string.
 */
final class AddressCodec {
    private final int v4Bits;
    private final int v6Bits;

    AddressCodec(RegistrySettings settings) {
        this.v4Bits = settings.subnetPrefixV4();
        this.v6Bits = settings.subnetPrefixV6();
    }

    /** The subnet id of {@code address} for the neighbour sets, or empty when subnets are off. */
    byte[] subnet(PeerAddress address) {
        if (address == null) {
            return EMPTY;
        }
        int bits = address.family() == AddressFamily.V4 ? v4Bits : v6Bits;
        if (bits == 0) {
            return EMPTY;
        }
        byte[] ip = address.ip();
        long value = 0;
        int n = Math.min(ip.length, 8);
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (ip[i] & 0xff);
        }
        int width = n * 8;
        value >>>= width - Math.min(bits, width);
        return text((address.family() == AddressFamily.V4 ? "4:" : "6:") + Long.toHexString(value));
    }

    /** {@code address} in compact form, or empty for none. */
    static byte[] compact(PeerAddress address) {
        if (address == null) {
            return EMPTY;
        }
        byte[] out = new byte[address.family().compactLength()];
        address.writeCompact(out, 0);
        return out;
    }

    /** The address of a compact form, or null for an empty one. */
    static PeerAddress fromCompact(byte[] compact) {
        if (compact == null || compact.length == 0) {
            return null;
        }
        int n = compact.length - 2;
        byte[] ip = new byte[n];
        System.arraycopy(compact, 0, ip, 0, n);
        return PeerAddress.of(ip, ((compact[n] & 0xff) << 8) | (compact[n + 1] & 0xff));
    }
}
