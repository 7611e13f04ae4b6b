package dev.karuta.ocelot;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Gazelle's side of the control API, as {@code classes/tracker.class.php} talks to Ocelot: one
 * {@code fsockopen} per request, {@code GET /<secret>/update?... HTTP/1.1} with only
 * {@code Connection: Close} (WhatCD; OPSnet adds {@code Host}), read to the end, and success iff the
 * text after the last newline of the whole response is exactly {@code success}.
 */
final class GazelleSite {
    private final int port;
    private final String host;

    /** WhatCD's requests (no Host header) when {@code host} is null, else OPSnet's. */
    GazelleSite(int port, String host) {
        this.port = port;
        this.host = host;
    }

    /** A response as PHP sees it: the whole text, as read from the socket. */
    record Answer(String raw) {
        /** The HTTP status. */
        int status() {
            return Integer.parseInt(raw.substring(9, 12));
        }

        /** Gazelle's test of success: the text after the last newline is exactly {@code success}. */
        boolean succeeded() {
            return raw.substring(raw.lastIndexOf('\n') + 1).equals("success");
        }

        /** What Gazelle keeps of the body: from the end of the headers to the last newline. */
        String data() {
            int start = raw.indexOf("\r\n\r\n") + 4;
            int end = raw.lastIndexOf('\n');
            return end > start ? raw.substring(start, end) : "";
        }

        /** The body. */
        String body() {
            return raw.substring(raw.indexOf("\r\n\r\n") + 4);
        }
    }

    /** Sends {@code GET /<pathAndQuery>} and reads the answer to the end. */
    Answer get(String pathAndQuery) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            String head = "GET /" + pathAndQuery + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                    + "Connection: Close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new Answer(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }
}
