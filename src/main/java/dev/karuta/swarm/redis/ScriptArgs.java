package dev.karuta.swarm.redis;

import java.nio.charset.StandardCharsets;

/**
 * How the registry writes the keys and arguments it sends Redis, and reads the strings it gets back:
 * text is ISO-8859-1 (every key and hex digest is ASCII, so one byte a character), numbers are decimal
 * text, as Lua's {@code tonumber} reads them.
 */
final class ScriptArgs {
    /** An absent value: no address, no subnet id. */
    static final byte[] EMPTY = new byte[0];

    private ScriptArgs() {
    }

    /** {@code s} as bytes, one per character. */
    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code n} as decimal text. */
    static byte[] num(long n) {
        return text(Long.toString(n));
    }

    /** The text of {@code raw}, one character per byte. */
    static String string(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
