package dev.karuta.core;

/** A peer's 20-byte peer_id (BEP 3), chosen by the client; its first bytes usually name the client. */
public final class PeerId extends Id20 {

    private PeerId(byte[] source, int offset) {
        super(source, offset, "peer_id");
    }

    private PeerId(java.nio.ByteBuffer source, int index) {
        super(source, index, "peer_id");
    }

    /** The peer_id made of exactly these 20 bytes; any other length is refused. */
    public static PeerId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("peer_id must be 20 bytes");
        }
        return new PeerId(bytes, 0);
    }

    /** The peer_id in the 20 bytes of {@code source} starting at {@code offset}. */
    public static PeerId of(byte[] source, int offset) {
        return new PeerId(source, offset);
    }

    /** The peer_id in the 20 bytes of {@code source} from absolute {@code index} (position unchanged). */
    public static PeerId of(java.nio.ByteBuffer source, int index) {
        return new PeerId(source, index);
    }

    /** Parses 40 hex digits (either case). */
    public static PeerId fromHex(String hex) {
        return new PeerId(parseHex(hex, "peer_id"), 0);
    }
}
