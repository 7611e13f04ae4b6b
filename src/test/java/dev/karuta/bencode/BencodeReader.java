package dev.karuta.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode parser for tests and tools (not the hot path). Values become {@link Long},
 * {@code byte[]}, {@link List} and {@link Map} (keys as ISO-8859-1 strings, so every byte
 * survives, in document order). Anything not canonical bencode is refused with
 * {@link IllegalArgumentException}: leading zeros, {@code -0}, unsorted or duplicate keys,
 * trailing bytes, truncation.
 */
public final class BencodeReader {
    private static final int MAX_DEPTH = 64;

    private final byte[] in;
    private int pos;

    private BencodeReader(byte[] in) {
        this.in = in;
    }

    /** Parses exactly one value filling all of {@code data}. */
    public static Object parse(byte[] data) {
        BencodeReader r = new BencodeReader(data);
        Object value;
        try {
            value = r.read(0);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("integer out of range");
        }
        if (r.pos != data.length) {
            throw new IllegalArgumentException("trailing bytes at " + r.pos);
        }
        return value;
    }

    /** Parses {@code data}, which must be a dictionary. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseDict(byte[] data) {
        Object value = parse(data);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a dictionary");
        }
        return (Map<String, Object>) value;
    }

    /** A byte string as ISO-8859-1 text (byte-preserving). */
    public static String latin1(Object byteString) {
        return new String((byte[]) byteString, StandardCharsets.ISO_8859_1);
    }

    private Object read(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting too deep");
        }
        byte b = peek();
        if (b == 'i') {
            pos++;
            long n = readInteger('e');
            return n;
        }
        if (b == 'l') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (peek() != 'e') {
                list.add(read(depth + 1));
            }
            pos++;
            return list;
        }
        if (b == 'd') {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            byte[] previous = null;
            while (peek() != 'e') {
                if (peek() < '0' || peek() > '9') {
                    throw new IllegalArgumentException("dictionary key is not a string at " + pos);
                }
                byte[] key = readString();
                if (previous != null && java.util.Arrays.compareUnsigned(previous, key) >= 0) {
                    throw new IllegalArgumentException("dictionary keys unsorted or repeated at " + pos);
                }
                previous = key;
                map.put(new String(key, StandardCharsets.ISO_8859_1), read(depth + 1));
            }
            pos++;
            return map;
        }
        if (b >= '0' && b <= '9') {
            return readString();
        }
        throw new IllegalArgumentException("unexpected byte " + (b & 0xff) + " at " + pos);
    }

    private byte[] readString() {
        long length = readInteger(':');
        if (length < 0 || length > in.length - pos) {
            throw new IllegalArgumentException("string length out of range at " + pos);
        }
        byte[] s = java.util.Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return s;
    }

    private long readInteger(char terminator) {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (peek() != terminator) {
            byte c = in[pos];
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad digit at " + pos);
            }
            value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || (digits > 1 && in[digitsStart] == '0') || (negative && in[digitsStart] == '0')) {
            throw new IllegalArgumentException("non-canonical integer at " + start);
        }
        pos++;
        return negative ? -value : value;
    }

    private byte peek() {
        if (pos >= in.length) {
            throw new IllegalArgumentException("truncated at " + pos);
        }
        return in[pos];
    }
}
