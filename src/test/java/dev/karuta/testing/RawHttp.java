package dev.karuta.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends one HTTP/1.1 request with an arbitrary (possibly malformed) request target over a plain socket
 * and reads the whole response: what {@code java.net.http} refuses to send, a fuzzer needs.
 */
public final class RawHttp {
    /** A response: status code, raw header block, body (de-chunked when chunked). */
    public record Response(int status, String headers, byte[] body) {
    }

    private RawHttp() {
    }

    /** GET {@code target} (bytes as given) with {@code Connection: close}. */
    public static Response get(int port, byte[] target, String... extraHeaderLines) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write("GET ".getBytes(StandardCharsets.US_ASCII));
            req.write(target);
            StringBuilder h = new StringBuilder(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String line : extraHeaderLines) {
                h.append(line).append("\r\n");
            }
            req.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(req.toByteArray());
            out.flush();
            byte[] all = readAll(s.getInputStream());
            return parse(all);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static Response parse(byte[] all) {
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new AssertionError("no complete HTTP response: " + new String(all, StandardCharsets.ISO_8859_1));
        }
        String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, head, body);
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(Arrays.copyOfRange(in, pos, in.length), "\r\n".getBytes(StandardCharsets.US_ASCII)) + pos;
            String sizeLine = new String(in, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in, pos, size);
            pos += size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
