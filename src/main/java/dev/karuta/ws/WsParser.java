package dev.karuta.ws;

import dev.karuta.core.Event;
import dev.karuta.core.Id20;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a WebTorrent client's JSON text message into a {@link WsMessage}, with JSON-P's streaming parser
 * (Parsson): the fields of bittorrent-tracker's {@code lib/server/parse-websocket.js} and aquatic_ws,
 * unknown fields skipped, everything else checked. Anything it cannot read is a {@link WsRefusal} with a
 * reason safe to send. Thread-safe.
 */
final class WsParser {
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonParserFactory factory = JsonProvider.provider().createParserFactory(Map.of());
    private final int maxOffers;
    private final int maxScrapeHashes;

    /** A parser refusing announces of more than {@code maxOffers} offers and scrapes of more than {@code maxScrapeHashes}. */
    WsParser(int maxOffers, int maxScrapeHashes) {
        this.maxOffers = maxOffers;
        this.maxScrapeHashes = maxScrapeHashes;
    }

    /** The fields of one message as read, before they are checked together. */
    private static final class Fields {
        final String text;
        String action;
        String infoHash;
        List<String> infoHashes;
        String peerId;
        String toPeerId;
        String offerId;
        String event;
        long numWant = -1;
        long uploaded;
        long downloaded;
        long left = Long.MAX_VALUE;
        List<WsMessage.Offer> offers = List.of();
        WsMessage.Sdp answer;

        Fields(String text) {
            this.text = text;
        }
    }

    /** The message {@code text} holds. */
    WsMessage parse(String text) throws WsRefusal {
        Fields f = new Fields(text);
        try (JsonParser p = factory.createParser(new StringReader(text))) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
                throw new WsRefusal("a message must be a JSON object", null, null);
            }
            JsonParser.Event e;
            while ((e = p.next()) == JsonParser.Event.KEY_NAME) {
                field(p, p.getString(), f);
            }
            if (e != JsonParser.Event.END_OBJECT || p.hasNext()) {
                throw new WsRefusal("invalid JSON", f.action, f.infoHash);
            }
        } catch (RuntimeException ex) {
            // JsonParsingException (a JsonException) for bad syntax, NoSuchElementException at an early end of
            // input, NumberFormatException for an exponent out of range, and a bare RuntimeException from
            // Parsson beyond 1000 levels of nesting: all of them the client's input.
            throw new WsRefusal("invalid JSON", f.action, f.infoHash);
        }
        return message(f);
    }

    private void field(JsonParser p, String name, Fields f) throws WsRefusal {
        JsonParser.Event v = p.next();
        switch (name) {
            case "action" -> f.action = string(p, v, name, f);
            case "info_hash" -> {
                if (v == JsonParser.Event.START_ARRAY) {
                    f.infoHashes = strings(p, name, f);
                } else {
                    f.infoHash = string(p, v, name, f);
                }
            }
            case "peer_id" -> f.peerId = string(p, v, name, f);
            case "to_peer_id" -> f.toPeerId = string(p, v, name, f);
            case "offer_id" -> f.offerId = string(p, v, name, f);
            case "event" -> f.event = string(p, v, name, f);
            case "numwant" -> f.numWant = Math.min(count(p, v, name, f, -1), Integer.MAX_VALUE);
            case "uploaded" -> f.uploaded = count(p, v, name, f, 0);
            case "downloaded" -> f.downloaded = count(p, v, name, f, 0);
            case "left" -> f.left = count(p, v, name, f, Long.MAX_VALUE);
            case "offers" -> f.offers = offers(p, v, f);
            case "answer" -> f.answer = sdp(p, v, name, f);
            default -> skip(p, v);
        }
    }

    /**
     * Skips the value that starts with {@code v}. Not with Parsson's {@code skipArray}/{@code skipObject}:
     * on input that ends inside the value they loop for ever (found by {@code WsFuzzTest}), while
     * {@code next()} fails at the end of the input.
     */
    private static void skip(JsonParser p, JsonParser.Event v) {
        if (v != JsonParser.Event.START_OBJECT && v != JsonParser.Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            switch (p.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> {
                }
            }
        }
    }

    /** A string value, or null for JSON null. */
    private static String string(JsonParser p, JsonParser.Event v, String name, Fields f) throws WsRefusal {
        if (v == JsonParser.Event.VALUE_STRING) {
            return p.getString();
        }
        if (v == JsonParser.Event.VALUE_NULL) {
            return null;
        }
        skip(p, v);
        throw new WsRefusal(name + " must be a string", f.action, f.infoHash);
    }

    private List<String> strings(JsonParser p, String name, Fields f) throws WsRefusal {
        List<String> out = new ArrayList<>();
        JsonParser.Event v;
        while ((v = p.next()) != JsonParser.Event.END_ARRAY) {
            if (v != JsonParser.Event.VALUE_STRING) {
                throw new WsRefusal(name + " must be a string or an array of strings", f.action, null);
            }
            if (out.size() == maxScrapeHashes) {
                throw new WsRefusal("too many info_hash values (at most " + maxScrapeHashes + ")", f.action, null);
            }
            out.add(p.getString());
        }
        return out;
    }

    /** A non-negative whole number up to 2^63-1, or {@code absent} for JSON null. */
    private static long count(JsonParser p, JsonParser.Event v, String name, Fields f, long absent) throws WsRefusal {
        if (v == JsonParser.Event.VALUE_NULL) {
            return absent;
        }
        if (v == JsonParser.Event.VALUE_NUMBER) {
            BigDecimal d = p.getBigDecimal();
            if (d.signum() >= 0 && d.compareTo(MAX_LONG) <= 0) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException notWhole) {
                    // falls through to the refusal
                }
            }
        } else {
            skip(p, v);
        }
        throw new WsRefusal(name + " must be a whole number from 0 to 9223372036854775807", f.action, f.infoHash);
    }

    private List<WsMessage.Offer> offers(JsonParser p, JsonParser.Event v, Fields f) throws WsRefusal {
        if (v == JsonParser.Event.VALUE_NULL) {
            return List.of();
        }
        if (v != JsonParser.Event.START_ARRAY) {
            skip(p, v);
            throw new WsRefusal("offers must be an array", f.action, f.infoHash);
        }
        List<WsMessage.Offer> out = new ArrayList<>();
        JsonParser.Event e;
        while ((e = p.next()) != JsonParser.Event.END_ARRAY) {
            if (e != JsonParser.Event.START_OBJECT) {
                throw new WsRefusal("each offer must be an object with offer_id and offer", f.action, f.infoHash);
            }
            if (out.size() == maxOffers) {
                throw new WsRefusal("too many offers (at most " + maxOffers + ")", f.action, f.infoHash);
            }
            String id = null;
            WsMessage.Sdp sdp = null;
            while ((e = p.next()) == JsonParser.Event.KEY_NAME) {
                String key = p.getString();
                JsonParser.Event value = p.next();
                if (key.equals("offer_id")) {
                    id = string(p, value, "offer_id", f);
                } else if (key.equals("offer")) {
                    sdp = sdp(p, value, "offer", f);
                } else {
                    skip(p, value);
                }
            }
            if (id == null || Latin1.bytes(id, Id20.LENGTH) == null || sdp == null) {
                throw new WsRefusal("each offer must have an offer_id of 20 bytes and an offer", f.action,
                        f.infoHash);
            }
            out.add(new WsMessage.Offer(id, sdp));
        }
        return out;
    }

    /**
     * An RTC session description: an object with a string {@code sdp} and, if any, a string {@code type},
     * kept as the text the client sent (the parser's stream offsets bound it: after its opening brace,
     * after its closing one). Its strings are checked, not decoded.
     */
    private static WsMessage.Sdp sdp(JsonParser p, JsonParser.Event v, String name, Fields f) throws WsRefusal {
        if (v != JsonParser.Event.START_OBJECT) {
            skip(p, v);
            throw new WsRefusal(name + " must be an object with type and sdp", f.action, f.infoHash);
        }
        long start = p.getLocation().getStreamOffset() - 1;
        boolean sdp = false;
        JsonParser.Event e;
        while ((e = p.next()) == JsonParser.Event.KEY_NAME) {
            String key = p.getString();
            JsonParser.Event value = p.next();
            if (key.equals("type") || key.equals("sdp")) {
                if (value != JsonParser.Event.VALUE_STRING) {
                    skip(p, value);
                    throw new WsRefusal(name + "." + key + " must be a string", f.action, f.infoHash);
                }
                sdp |= key.equals("sdp");
            } else {
                skip(p, value);
            }
        }
        long end = p.getLocation().getStreamOffset();
        if (!sdp) {
            throw new WsRefusal(name + " must be an object with type and sdp", f.action, f.infoHash);
        }
        if (start < 0 || end > f.text.length() || f.text.charAt((int) start) != '{'
                || f.text.charAt((int) end - 1) != '}') {
            throw new IllegalStateException("the parser's offsets do not bound the object"); // read as invalid JSON
        }
        return new WsMessage.Sdp(f.text.substring((int) start, (int) end));
    }

    private WsMessage message(Fields f) throws WsRefusal {
        if ("scrape".equals(f.action)) {
            List<String> given = f.infoHashes != null ? f.infoHashes
                    : f.infoHash != null ? List.of(f.infoHash) : List.of();
            if (given.isEmpty()) {
                throw new WsRefusal("scrape needs info_hash", "scrape", null);
            }
            List<InfoHash> hashes = new ArrayList<>(given.size());
            for (String s : given) {
                hashes.add(InfoHash.of(id(s, "info_hash", "scrape", null)));
            }
            return new WsMessage.Scrape(hashes);
        }
        if (!"announce".equals(f.action)) {
            throw new WsRefusal(f.action == null ? "action is missing" : "unknown action", null, f.infoHash);
        }
        if (f.infoHash == null) {
            throw new WsRefusal("invalid info_hash", "announce", null);
        }
        InfoHash hash = InfoHash.of(id(f.infoHash, "info_hash", "announce", null));
        PeerId peer = PeerId.of(id(f.peerId, "peer_id", "announce", f.infoHash));
        if (f.answer != null) {
            PeerId to = PeerId.of(id(f.toPeerId, "to_peer_id (required with answer)", "announce", f.infoHash));
            id(f.offerId, "offer_id", "announce", f.infoHash);
            return new WsMessage.Answer(hash, peer, to, f.offerId, f.answer);
        }
        Event event = event(f);
        return new WsMessage.Announce(hash, peer, (int) f.numWant, f.uploaded, f.downloaded, f.left, event,
                event == Event.STOPPED ? List.of() : f.offers);
    }

    private static Event event(Fields f) throws WsRefusal {
        if (f.event == null || f.event.equals("update") || f.event.equals("empty")) {
            return Event.NONE;
        }
        Event e = Event.fromWireName(f.event);
        if (e == null) {
            throw new WsRefusal("invalid event", "announce", f.infoHash);
        }
        return e;
    }

    /** The 20 bytes of a binary string field, or the refusal naming it. */
    private static byte[] id(String s, String name, String action, String infoHash) throws WsRefusal {
        byte[] b = s == null ? null : Latin1.bytes(s, Id20.LENGTH);
        if (b == null) {
            throw new WsRefusal("invalid " + name, action, infoHash);
        }
        return b;
    }
}
