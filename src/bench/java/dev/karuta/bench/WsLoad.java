package dev.karuta.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A WebTorrent load: N WebSocket connections (the JDK's client), each a peer of one of T torrents (half
 * seeders), each announcing in a closed loop with K offers of a browser-sized SDP (the next announce as
 * soon as the last one's answer came), answering every offer it is forwarded. Prints announces/s, offers
 * and answers relayed per second and failures. Works against any server of the bittorrent-tracker
 * protocol (Karuta's ws://HOST/announce, bittorrent-tracker's own server).
 * Usage: {@code WsLoad URI CONNECTIONS SECONDS [TORRENTS=100] [OFFERS=5]}; {@code WsLoad URI CONNECTIONS
 * hold SECONDS}: the connections announce once without offers and stay open (for heap per connection).
 */
public final class WsLoad {
    private static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "c=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
            + "a=ice-options:trickle\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:actpass\r\n"
            + "a=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";

    private final LongAdder announces = new LongAdder();
    private final LongAdder offers = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;

    private static String binary(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = (char) (b[i] & 0xff);
        }
        return new String(c);
    }

    private static String json(String s) {
        return Json.createValue(s).toString();
    }

    /** One peer on one connection. */
    private final class Peer implements WebSocket.Listener {
        final String hash;
        final String peerId;
        final boolean seeder;
        final int offerCount;
        final Random random;
        final boolean loop;
        WebSocket ws;
        CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Void> announced = new CompletableFuture<>();

        Peer(String hash, byte[] id, boolean seeder, int offerCount, boolean loop, Random random) {
            this.hash = hash;
            this.peerId = binary(id);
            this.seeder = seeder;
            this.offerCount = offerCount;
            this.loop = loop;
            this.random = random;
        }

        synchronized void send(String text) {
            sending = sending.thenCompose(x -> ws.sendText(text, true)).exceptionally(e -> {
                failures.increment();
                return null;
            });
        }

        String announce() {
            StringBuilder o = new StringBuilder();
            for (int i = 0; i < offerCount; i++) {
                byte[] offerId = new byte[20];
                random.nextBytes(offerId);
                o.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":").append(json(SDP))
                        .append("},\"offer_id\":").append(json(binary(offerId))).append('}');
            }
            return "{\"numwant\":" + offerCount + ",\"uploaded\":0,\"downloaded\":0,\"left\":" + (seeder ? 0 : 1000)
                    + ",\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(peerId)
                    + ",\"offers\":[" + o + "]}";
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(text);
            }
            webSocket.request(1);
            return null;
        }

        private void received(String text) {
            if (text.contains("failure reason")) {
                failures.increment();
                if (!loop) {
                    announced.complete(null);
                }
                return;
            }
            if (text.contains("\"offer\":")) {
                offers.increment();
                JsonObject m = Json.createReader(new StringReader(text)).readObject();
                send("{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(peerId)
                        + ",\"to_peer_id\":" + json(m.getString("peer_id")) + ",\"offer_id\":"
                        + json(m.getString("offer_id")) + ",\"answer\":{\"type\":\"answer\",\"sdp\":" + json(SDP) + "}}");
            } else if (text.contains("\"answer\":")) {
                answers.increment();
            } else if (text.contains("\"interval\"")) {
                announces.increment();
                announced.complete(null);
                if (loop && running) {
                    send(announce());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        boolean hold = args[2].equals("hold");
        int seconds = Integer.parseInt(hold ? args[3] : args[2]);
        int torrents = !hold && args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int offerCount = !hold && args.length > 4 ? Integer.parseInt(args[4]) : 5;
        new WsLoad().run(uri, connections, seconds, torrents, hold ? 0 : offerCount, !hold);
    }

    private void run(URI uri, int connections, int seconds, int torrents, int offerCount, boolean loop)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(42);
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            byte[] hash = new byte[20];
            hash[0] = (byte) 0xb0;
            hash[16] = (byte) ((i % torrents) >> 8);
            hash[17] = (byte) (i % torrents);
            byte[] id = new byte[20];
            random.nextBytes(id);
            // Half the peers of each torrent seed: the first round of connections over the torrents seeds, the next leeches.
            Peer p = new Peer(binary(hash), id, (i / torrents) % 2 == 0, offerCount, loop, new Random(i));
            p.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, p)
                    .get(60, TimeUnit.SECONDS);
            peers.add(p);
        }
        System.out.println(connections + " connections open");
        long start = System.nanoTime();
        for (Peer p : peers) {
            p.send(p.announce());
        }
        if (!loop) {
            for (Peer p : peers) {
                p.announced.get(60, TimeUnit.SECONDS);
            }
            System.out.println("announced: " + announces.sum() + ", failures: " + failures.sum() + "; holding "
                    + seconds + " s");
            Thread.sleep(seconds * 1000L);
        } else {
            Thread.sleep(seconds * 1000L);
            running = false;
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("ws %d connections, %d torrents, %d offers: %.0f announces/s, %.0f offers/s relayed,"
                    + " %.0f answers/s relayed, %d failures%n", connections, torrents, offerCount,
                    announces.sum() / s, offers.sum() / s, answers.sum() / s, failures.sum());
        }
        for (Peer p : peers) {
            p.ws.abort();
        }
    }
}
