package dev.karuta.core;

/** IP address family; fixes the address length and the compact peer entry length (BEP 23, BEP 7). */
public enum AddressFamily {
    /** IPv4: 4 address bytes, 6-byte compact entries in {@code peers}. */
    V4(4),
    /** IPv6: 16 address bytes, 18-byte compact entries in {@code peers6}. */
    V6(16);

    private final int addressLength;

    AddressFamily(int addressLength) {
        this.addressLength = addressLength;
    }

    /** Address length in bytes. */
    public int addressLength() {
        return addressLength;
    }

    /** Length of a compact peer entry: the address and a 2-byte big-endian port. */
    public int compactLength() {
        return addressLength + 2;
    }
}
