package dev.karuta.ws;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the tracker's JSON text messages as bittorrent-tracker's server sends them (field names and
 * order of its {@code server.js}), with JSON-P's generator: binary strings (info_hash, peer_id,
 * offer_id) as one character per byte. Thread-safe.
 */
final class WsWriter {
    private final JsonGeneratorFactory factory = JsonProvider.provider().createGeneratorFactory(Map.of());

    /** The answer to an announce: {@code action, interval, info_hash, complete, incomplete}. */
    String announced(InfoHash hash, int interval, SwarmStats stats) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject().write("action", "announce").write("interval", interval)
                    .write("info_hash", Latin1.string(hash.bytes()))
                    .write("complete", stats.complete()).write("incomplete", stats.incomplete()).writeEnd();
        }
        return out.toString();
    }

    /** An offer forwarded to another peer: {@code action, offer, offer_id, peer_id, info_hash}. */
    String offer(WsMessage.Offer offer, PeerId from, InfoHash hash) {
        return relayed("offer", offer.offer(), offer.offerId(), from, hash);
    }

    /** An answer relayed to the peer that made the offer: {@code action, answer, offer_id, peer_id, info_hash}. */
    String answer(WsMessage.Answer answer) {
        return relayed("answer", answer.answer(), answer.offerId(), answer.peerId(), answer.infoHash());
    }

    /** The description's JSON text goes in as the client wrote it; the rest is generated. */
    private String relayed(String kind, WsMessage.Sdp sdp, String offerId, PeerId from, InfoHash hash) {
        StringWriter out = new StringWriter(sdp.json().length() + 160);
        out.write("{\"action\":\"announce\",\"");
        out.write(kind);
        out.write("\":");
        out.write(sdp.json());
        out.write(',');
        StringWriter tail = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(tail)) {
            g.writeStartObject().write("offer_id", offerId)
                    .write("peer_id", Latin1.string(from.bytes()))
                    .write("info_hash", Latin1.string(hash.bytes())).writeEnd();
        }
        out.write(tail.getBuffer().substring(1)); // without the generator's opening brace
        return out.toString();
    }

    /** The answer to a scrape: {@code action, files: {info_hash: {complete, incomplete, downloaded}}, flags}. */
    String scraped(SortedMap<InfoHash, SwarmStats> files, int minInterval) {
        StringWriter out = new StringWriter(64 + 80 * files.size());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject().write("action", "scrape").writeStartObject("files");
            files.forEach((hash, s) -> g.writeStartObject(Latin1.string(hash.bytes()))
                    .write("complete", s.complete()).write("incomplete", s.incomplete())
                    .write("downloaded", s.snatches()).writeEnd());
            g.writeEnd().writeStartObject("flags").write("min_request_interval", minInterval).writeEnd().writeEnd();
        }
        return out.toString();
    }

    /**
     * A failure: {@code failure reason}, with {@code action} and {@code info_hash} (one character a byte)
     * when known, which bittorrent-tracker clients need to show it.
     */
    String failure(String action, String infoHash, String reason) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            if (action != null) {
                g.write("action", action);
            }
            g.write("failure reason", reason);
            if (infoHash != null) {
                g.write("info_hash", infoHash);
            }
            g.writeEnd();
        }
        return out.toString();
    }
}
