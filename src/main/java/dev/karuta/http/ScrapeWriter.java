package dev.karuta.http;

import static dev.karuta.bencode.BencodeWriter.ascii;

import dev.karuta.bencode.BencodeWriter;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes a BEP 48 scrape response: {@code files} keyed by raw info_hash in byte order, each with
 * {@code complete}, {@code downloaded}, {@code downloaders} (BEP 21) and {@code incomplete}; then
 * {@code flags} with {@code min_request_interval}. Long documents (full scrape) stream out in chunks.
 */
public final class ScrapeWriter {
    private static final byte[] FILES = ascii("files");
    private static final byte[] FLAGS = ascii("flags");
    private static final byte[] MIN_REQUEST_INTERVAL = ascii("min_request_interval");
    private static final byte[] COMPLETE = ascii("complete");
    private static final byte[] DOWNLOADED = ascii("downloaded");
    private static final byte[] DOWNLOADERS = ascii("downloaders");
    private static final byte[] INCOMPLETE = ascii("incomplete");
    private static final int CHUNK = 64 * 1024;

    private ScrapeWriter() {
    }

    /**
     * Writes the document to {@code out}; {@code files} must iterate in ascending info_hash order.
     */
    public static void write(Iterable<Map.Entry<InfoHash, SwarmStats>> files, int minRequestInterval,
                             OutputStream out) throws IOException {
        BencodeWriter w = new BencodeWriter(1024);
        w.beginDict().key(FILES).beginDict();
        for (Map.Entry<InfoHash, SwarmStats> e : files) {
            // A fresh array per key: the writer keeps the last key to check the order.
            byte[] key = e.getKey().bytes();
            SwarmStats s = e.getValue();
            w.key(key).beginDict()
                    .key(COMPLETE).value(s.complete())
                    .key(DOWNLOADED).value(s.snatches())
                    .key(DOWNLOADERS).value(s.downloaders())
                    .key(INCOMPLETE).value(s.incomplete())
                    .end();
            if (w.size() >= CHUNK) {
                w.drainTo(out);
            }
        }
        w.end().key(FLAGS).beginDict().key(MIN_REQUEST_INTERVAL).value(minRequestInterval).end().end();
        w.drainTo(out);
    }
}
