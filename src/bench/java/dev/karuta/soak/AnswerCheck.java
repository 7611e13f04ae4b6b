package dev.karuta.soak;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.Event;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What every announce answer must be, over either protocol: a success with the configured interval
 * (plus at most the jitter), counts that include the announcing peer unless it stopped, and compact
 * IPv4 peers, no more than it asked for.
 */
final class AnswerCheck {
    /** Peers asked for per announce. */
    static final int NUM_WANT = 30;

    private final int interval;
    private final int jitter;

    AnswerCheck(SoakSettings settings) {
        this.interval = settings.interval();
        this.jitter = settings.jitter();
    }

    /** Checks a bencoded HTTP answer; returns its interval. */
    int http(byte[] body, Event event) {
        Map<String, Object> answer = BencodeReader.parseDict(body);
        if (answer.containsKey("failure reason")) {
            throw new IllegalStateException("failure reason: " + BencodeReader.latin1(answer.get("failure reason")));
        }
        int answered = Math.toIntExact((Long) require(answer, "interval"));
        long complete = (Long) require(answer, "complete");
        long incomplete = (Long) require(answer, "incomplete");
        byte[] peers = (byte[]) require(answer, "peers");
        check(answered, complete + incomplete, peers.length, event);
        return answered;
    }

    /** Checks a BEP 15 announce answer (action, transaction id already matched); returns its interval. */
    int udp(byte[] answer, int length, Event event) {
        ByteBuffer b = ByteBuffer.wrap(answer, 0, length);
        int action = b.getInt(0);
        if (action == 3) {
            throw new IllegalStateException("UDP error packet: "
                    + new String(answer, 8, length - 8, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (action != 1 || length < 20) {
            throw new IllegalStateException("UDP answer with action " + action + ", " + length + " bytes");
        }
        int answered = b.getInt(8);
        check(answered, (long) b.getInt(12) + b.getInt(16), length - 20, event);
        return answered;
    }

    private void check(int answered, long swarmPeers, int peerBytes, Event event) {
        if (answered < interval || answered > interval + jitter) {
            throw new IllegalStateException("interval " + answered + " outside " + interval + ".."
                    + (interval + jitter));
        }
        if (event != Event.STOPPED && swarmPeers < 1) {
            throw new IllegalStateException("the swarm counts " + swarmPeers + " peers without the announcer");
        }
        if (peerBytes % 6 != 0 || peerBytes / 6 > NUM_WANT) {
            throw new IllegalStateException("peers field of " + peerBytes + " bytes");
        }
        if (event == Event.STOPPED && peerBytes != 0) {
            throw new IllegalStateException("a stopped peer was given peers");
        }
    }

    private static Object require(Map<String, Object> answer, String key) {
        Object value = answer.get(key);
        if (value == null) {
            throw new IllegalStateException("no " + key + " in " + answer.keySet());
        }
        return value;
    }
}
