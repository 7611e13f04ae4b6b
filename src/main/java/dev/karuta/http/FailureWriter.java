package dev.karuta.http;

import static dev.karuta.bencode.BencodeWriter.ascii;

import dev.karuta.bencode.BencodeWriter;
import dev.karuta.core.TrackerException;

/** Writes {@code d14:failure reason...e}, with BEP 31 {@code retry in} (minutes) when given. */
public final class FailureWriter {
    private static final byte[] FAILURE_REASON = ascii("failure reason");
    private static final byte[] RETRY_IN = ascii("retry in");

    private FailureWriter() {
    }

    /** The body for a refused request. */
    public static byte[] write(TrackerException e) {
        BencodeWriter w = new BencodeWriter(64 + e.getMessage().length());
        w.beginDict().key(FAILURE_REASON).value(e.getMessage());
        if (e.retryInMinutes() != TrackerException.NO_RETRY) {
            w.key(RETRY_IN).value(e.retryInMinutes());
        }
        return w.end().toByteArray();
    }
}
