package dev.karuta.testing;

import dev.karuta.bencode.BencodeReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A small HTTP tracker client for tests: percent-encodes raw bytes, checks status 200, decodes bencode. */
public final class TrackerClient {
    private final HttpClient http;
    private final String base;

    /** A client of the tracker at {@code base} (e.g. {@code http://127.0.0.1:8080}). */
    public TrackerClient(String base) {
        this(base, null);
    }

    /** A client of the tracker at {@code base} that trusts the certificates {@code tls} trusts (null: the JVM's). */
    public TrackerClient(String base, SSLContext tls) {
        this.http = Clients.http(tls);
        this.base = base;
    }

    /** Every byte as {@code %XX}, as strict clients do for info_hash and peer_id. */
    public static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            sb.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** GET {@code pathAndQuery} with extra headers; asserts HTTP 200 and returns the raw body. */
    public byte[] getRaw(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + " for " + pathAndQuery + ": " + new String(r.body()));
        }
        return r.body();
    }

    /** GET and decode a bencoded dictionary (strictly: sorted keys, canonical integers). */
    public Map<String, Object> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return BencodeReader.parseDict(getRaw(pathAndQuery, headers));
    }

    /** An announce query for {@code infoHash} by {@code peerId} on {@code port} with {@code left}, plus extra params. */
    public static String announce(byte[] infoHash, byte[] peerId, int port, long left, String extra) {
        return "/announce?info_hash=" + escape(infoHash) + "&peer_id=" + escape(peerId) + "&port=" + port
                + "&uploaded=0&downloaded=0&left=" + left + (extra.isEmpty() ? "" : "&" + extra);
    }

    /** A scrape query for the given hashes. */
    public static String scrape(byte[]... infoHashes) {
        StringBuilder sb = new StringBuilder("/scrape");
        char sep = '?';
        for (byte[] h : infoHashes) {
            sb.append(sep).append("info_hash=").append(escape(h));
            sep = '&';
        }
        return sb.toString();
    }

    /** 20 bytes made from {@code seed}, for readable distinct ids in tests. */
    public static byte[] id(String seed) {
        byte[] out = new byte[20];
        byte[] s = seed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20; i++) {
            out[i] = i < s.length ? s[i] : (byte) ('0' + i % 10);
        }
        return out;
    }
}
