package dev.karuta.core;

/** A torrent's 20-byte info_hash (BEP 3; BEP 52 v2 hashes arrive truncated to 20 bytes). */
public final class InfoHash extends Id20 implements Comparable<InfoHash> {

    private InfoHash(byte[] source, int offset) {
        super(source, offset, "info_hash");
    }

    private InfoHash(java.nio.ByteBuffer source, int index) {
        super(source, index, "info_hash");
    }

    /** The info_hash made of exactly these 20 bytes; any other length is refused. */
    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("info_hash must be 20 bytes");
        }
        return new InfoHash(bytes, 0);
    }

    /** The info_hash in the 20 bytes of {@code source} starting at {@code offset}. */
    public static InfoHash of(byte[] source, int offset) {
        return new InfoHash(source, offset);
    }

    /** The info_hash in the 20 bytes of {@code source} from absolute {@code index} (position unchanged). */
    public static InfoHash of(java.nio.ByteBuffer source, int index) {
        return new InfoHash(source, index);
    }

    /** Parses 40 hex digits (either case). */
    public static InfoHash fromHex(String hex) {
        return new InfoHash(parseHex(hex, "info_hash"), 0);
    }

    @Override
    public int compareTo(InfoHash other) {
        return compareBytes(other);
    }
}
