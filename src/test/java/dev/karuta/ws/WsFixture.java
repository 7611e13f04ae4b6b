package dev.karuta.ws;

import static dev.karuta.testing.WsClient.json;

import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Hook;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.rtc.Mailboxes;
import dev.karuta.swarm.rtc.RtcSwarms;
import dev.karuta.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A {@link WsHandler} over real WebRTC swarms and a real pipeline, on a {@link FakeTime}, with counted relays. */
final class WsFixture {
    final FakeTime time = new FakeTime();
    final RtcSwarms swarms;
    final WsHandler handler;
    final LongAdder offers = new LongAdder();
    final LongAdder answers = new LongAdder();
    final LongAdder undeliverable = new LongAdder();
    final LongAdder internal = new LongAdder();

    WsFixture(WsSettings settings, List<Hook> hooks) {
        swarms = new RtcSwarms(new Mailboxes(), time, settings.peerTtl(), 1000);
        TrackerPipeline pipeline = new TrackerPipeline(new AnnounceSettings(1800, 0, 900, 50, 200), swarms, hooks);
        handler = new WsHandler(pipeline, swarms, settings, 74, new TrackerMetrics() {
            @Override
            public void request(Protocol protocol, Action action, Result result,
                                dev.karuta.core.AddressFamily family, long nanos) {
                if (result == Result.INTERNAL) {
                    internal.increment();
                }
            }

            @Override
            public void relayed(Relay kind, int count) {
                (kind == Relay.OFFER ? offers : answers).add(count);
            }

            @Override
            public void undeliverable(Relay kind) {
                undeliverable.increment();
            }
        }, time);
    }

    WsFixture() {
        this(WsSettings.DEFAULTS, List.of());
    }

    /** A connection from {@code ip}, opened. */
    RecordingSocket open(String ip) {
        RecordingSocket s = new RecordingSocket(ip);
        handler.opened(s);
        return s;
    }

    static String announce(String hash, String peer, long left, String event, int offers) {
        StringBuilder o = new StringBuilder("[");
        for (int i = 0; i < offers; i++) {
            o.append(i == 0 ? "" : ",").append("{\"offer_id\":").append(json(dev.karuta.testing.WsClient.id(0x80 + i)))
                    .append(",\"offer\":{\"type\":\"offer\",\"sdp\":\"sdp-").append(i).append("\"}}");
        }
        o.append(']');
        return "{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(peer)
                + ",\"numwant\":" + Math.max(offers, 1) + ",\"uploaded\":0,\"downloaded\":0,\"left\":" + left
                + (event == null ? "" : ",\"event\":\"" + event + "\"") + ",\"offers\":" + o + "}";
    }

    static String answer(String hash, String from, String to, String offerId) {
        return "{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(from)
                + ",\"to_peer_id\":" + json(to) + ",\"offer_id\":" + json(offerId)
                + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"answer-sdp\"}}";
    }

    static WsSettings settings(Duration peerTtl, Duration idle, int maxOffers, int maxSwarms, int maxQueued) {
        return new WsSettings(true, 120, peerTtl, idle, 65_536, maxOffers, maxSwarms, maxQueued, 20_000, 64);
    }
}
