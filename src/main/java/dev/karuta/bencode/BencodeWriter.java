package dev.karuta.bencode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming bencode writer into a growable buffer. It checks what it writes: dictionary keys must
 * come in strictly increasing raw-byte order (as bencode requires), every key gets one value, and
 * containers close in order; a violation is an {@link IllegalStateException}, a bug in the caller.
 * Hot path of every response, so it allocates nothing per value beyond buffer growth.
 */
public final class BencodeWriter {
    private static final int MAX_DEPTH = 8;

    private byte[] buf;
    private int len;
    // Per open container: whether it is a dict, the last key written, and whether a value is due.
    private final boolean[] isDict = new boolean[MAX_DEPTH];
    private final byte[][] lastKey = new byte[MAX_DEPTH][];
    private final boolean[] valueDue = new boolean[MAX_DEPTH];
    private int depth;
    private boolean topWritten;

    /** A writer with a buffer of {@code initialCapacity} bytes (it grows as needed). */
    public BencodeWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** The ASCII bytes of a constant key, for callers that keep keys as constants. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens a dictionary. */
    public BencodeWriter beginDict() {
        beforeValue();
        push(true);
        put((byte) 'd');
        return this;
    }

    /** Opens a list. */
    public BencodeWriter beginList() {
        beforeValue();
        push(false);
        put((byte) 'l');
        return this;
    }

    /** Closes the innermost container. */
    public BencodeWriter end() {
        if (depth == 0) {
            throw new IllegalStateException("nothing to close");
        }
        if (valueDue[depth - 1]) {
            throw new IllegalStateException("key without value");
        }
        depth--;
        lastKey[depth] = null;
        put((byte) 'e');
        return this;
    }

    /** Writes a dictionary key; it must sort after the previous key of the same dictionary. */
    public BencodeWriter key(byte[] key) {
        if (depth == 0 || !isDict[depth - 1]) {
            throw new IllegalStateException("key outside a dictionary");
        }
        int d = depth - 1;
        if (valueDue[d]) {
            throw new IllegalStateException("key without value");
        }
        if (lastKey[d] != null && Arrays.compareUnsigned(lastKey[d], key) >= 0) {
            throw new IllegalStateException("dictionary keys out of order: '"
                    + new String(key, StandardCharsets.ISO_8859_1) + "' after '"
                    + new String(lastKey[d], StandardCharsets.ISO_8859_1) + "'");
        }
        lastKey[d] = key;
        writeString(key, 0, key.length);
        valueDue[d] = true;
        return this;
    }

    /** Writes an integer value. */
    public BencodeWriter value(long n) {
        beforeValue();
        put((byte) 'i');
        writeDecimal(n);
        put((byte) 'e');
        return this;
    }

    /** Writes a byte-string value. */
    public BencodeWriter value(byte[] bytes) {
        return value(bytes, 0, bytes.length);
    }

    /** Writes a byte-string value of {@code length} bytes of {@code bytes} from {@code offset}. */
    public BencodeWriter value(byte[] bytes, int offset, int length) {
        beforeValue();
        writeString(bytes, offset, length);
        return this;
    }

    /** Writes a text value as UTF-8. */
    public BencodeWriter value(String text) {
        return value(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes written and not yet drained. */
    public int size() {
        return len;
    }

    /** A copy of the bytes written; the document must be complete. */
    public byte[] toByteArray() {
        if (depth != 0 || !topWritten) {
            throw new IllegalStateException("document not complete");
        }
        return Arrays.copyOf(buf, len);
    }

    /** Writes the buffered bytes to {@code out} and empties the buffer (for streaming long documents). */
    public void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    private void beforeValue() {
        if (depth == 0) {
            if (topWritten) {
                throw new IllegalStateException("a document has one top-level value");
            }
            topWritten = true;
            return;
        }
        int d = depth - 1;
        if (isDict[d]) {
            if (!valueDue[d]) {
                throw new IllegalStateException("value without key");
            }
            valueDue[d] = false;
        }
    }

    private void push(boolean dict) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("nesting too deep");
        }
        isDict[depth] = dict;
        lastKey[depth] = null;
        valueDue[depth] = false;
        depth++;
    }

    private void writeString(byte[] bytes, int offset, int length) {
        writeDecimal(length);
        put((byte) ':');
        ensure(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
    }

    private void writeDecimal(long n) {
        ensure(20);
        if (n == Long.MIN_VALUE) {
            byte[] min = ascii(Long.toString(n));
            System.arraycopy(min, 0, buf, len, min.length);
            len += min.length;
            return;
        }
        if (n < 0) {
            buf[len++] = '-';
            n = -n;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (n % 10));
            n /= 10;
        } while (n != 0);
        // Digits were written least significant first.
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
