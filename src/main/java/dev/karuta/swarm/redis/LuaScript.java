package dev.karuta.swarm.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One server-side script of the Redis registry: the shared prelude and the operation's body, with the
 * SHA-1 that EVALSHA calls it by (computed here, so a server that lost its script cache is answered
 * with the source once instead of failing).
 */
final class LuaScript {
    /** One or more announces (announce.lua's header tells the packed forms). */
    static final LuaScript ANNOUNCE = load("announce", true);
    /** A swarm's counts, after pruning its expired peers. */
    static final LuaScript STATS = load("stats", true);
    /** A swarm's peers and their records. */
    static final LuaScript PEERS = load("peers", true);
    /** One peer put back from a snapshot. */
    static final LuaScript RESTORE = load("restore", true);
    /** A whole swarm dropped (idle, or for room). */
    static final LuaScript DROP = load("drop", true);
    /** A swarm script's deltas applied to the global keys (Cluster only). */
    static final LuaScript GLOBAL = load("global", false);
    /** Every script, as loaded at start. */
    static final List<LuaScript> ALL = List.of(ANNOUNCE, STATS, PEERS, RESTORE, DROP, GLOBAL);

    final String name;
    final byte[] source;
    final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.source = text.getBytes(StandardCharsets.UTF_8);
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script {@code name}.lua, after the prelude when {@code withPrelude}. */
    static LuaScript load(String name, boolean withPrelude) {
        String body = resource(name);
        return new LuaScript(name, withPrelude ? resource("prelude") + "\n" + body : body);
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
