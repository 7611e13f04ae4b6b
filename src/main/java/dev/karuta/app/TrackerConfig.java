package dev.karuta.app;

import dev.karuta.accounts.PrivateSettings;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.http.HttpSettings;
import dev.karuta.http.IpLiteral;
import dev.karuta.http.MetricsSettings;
import dev.karuta.http.TrustedProxies;
import dev.karuta.store.Dialect;
import dev.karuta.store.StoreSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.redis.RedisSettings;
import dev.karuta.udp.UdpSettings;
import java.util.HexFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tracker's whole configuration, read once at startup and validated: every key is
 * {@code karuta.*}, looked up as a servlet context init-parameter, then as a system property, then
 * taken from the defaults below. An invalid value fails the deployment with a message naming the key.
 */
public final class TrackerConfig {
    /** Every key with its default, in the order they are logged. */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> effective;
    private final AnnounceSettings announce;
    private final RegistrySettings registry;
    private final HttpSettings http;
    private final Duration sweepInterval;
    private final UdpSettings udp;
    private final boolean createAdminLogin;
    private final MetricsSettings metrics;

    private TrackerConfig(Map<String, String> effective) {
        this.effective = effective;
        this.announce = build(() -> new AnnounceSettings(
                intValue("karuta.announce.interval", 1, 86_400),
                intValue("karuta.announce.intervalJitter", 0, 86_400),
                intValue("karuta.announce.minInterval", 0, 86_400),
                intValue("karuta.numwant.default", 0, 10_000),
                intValue("karuta.numwant.max", 0, 10_000)),
                "karuta.announce.interval / karuta.announce.minInterval / karuta.numwant.default / karuta.numwant.max");
        int ttl = intValue("karuta.peer.ttl", 1, 86_400 * 7);
        String idleRaw = effective.get("karuta.swarm.idle");
        if (idleRaw.isEmpty()) {
            effective.put("karuta.swarm.idle", Integer.toString(ttl)); // default: the peer TTL
        }
        int idle = intValue("karuta.swarm.idle", 1, 86_400 * 365);
        this.registry = build(() -> new RegistrySettings(Duration.ofSeconds(ttl), Duration.ofSeconds(idle),
                longValue("karuta.swarm.maxTorrents", 1, Long.MAX_VALUE),
                intValue("karuta.subnet.v4Prefix", 0, 32),
                intValue("karuta.subnet.v6Prefix", 0, 64)), "karuta.swarm.idle / karuta.peer.ttl");
        this.http = new HttpSettings(
                intValue("karuta.http.maxQueryLength", 256, 1 << 20),
                intValue("karuta.scrape.maxHashes", 1, 10_000),
                boolValue("karuta.scrape.full"),
                Duration.ofSeconds(intValue("karuta.scrape.fullInterval", 0, 86_400)),
                proxies("karuta.proxy.trusted"),
                boolValue("karuta.ip.trustClientSupplied"));
        this.sweepInterval = Duration.ofSeconds(intValue("karuta.sweep.interval", 1, 86_400));
        this.udp = new UdpSettings(
                boolValue("karuta.udp.enabled"),
                ipLiteral("karuta.udp.host"),
                intValue("karuta.udp.port", 0, 65535),
                intValue("karuta.udp.workers", 1, 64),
                Duration.ofSeconds(intValue("karuta.udp.connectionIdLifetime", 60, 86_400)),
                secret("karuta.udp.secret"),
                http.trustClientSupplied());
        this.store = storeSettings();
        this.createAdminLogin = boolValue("karuta.admin.createLogin");
        this.metrics = new MetricsSettings(boolValue("karuta.metrics.enabled"), proxies("karuta.metrics.allowFrom"));
        this.privateMode = privateSettings();
        this.nodes = nodeSettings();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("karuta.announce.interval", "1800");
        d.put("karuta.announce.intervalJitter", "240");
        d.put("karuta.announce.minInterval", "900");
        d.put("karuta.numwant.default", "50");
        d.put("karuta.numwant.max", "200");
        d.put("karuta.peer.ttl", "2700");
        d.put("karuta.swarm.idle", "");
        d.put("karuta.swarm.maxTorrents", "1000000");
        d.put("karuta.subnet.v4Prefix", "24");
        d.put("karuta.subnet.v6Prefix", "48");
        d.put("karuta.sweep.interval", "60");
        d.put("karuta.http.maxQueryLength", "6144");
        d.put("karuta.scrape.maxHashes", "74");
        d.put("karuta.scrape.full", "false");
        d.put("karuta.scrape.fullInterval", "300");
        d.put("karuta.proxy.trusted", "");
        d.put("karuta.ip.trustClientSupplied", "false");
        d.put("karuta.udp.enabled", "true");
        d.put("karuta.udp.host", "::");
        d.put("karuta.udp.port", "6969");
        d.put("karuta.udp.workers", "2");
        d.put("karuta.udp.connectionIdLifetime", "300");
        d.put("karuta.udp.secret", "");
        d.put("karuta.data.dir", ""); // empty: ${user.home}/.karuta
        d.put("karuta.db.url", ""); // empty: the embedded H2 database in karuta.data.dir
        d.put("karuta.db.user", "");
        d.put("karuta.db.password", "");
        d.put("karuta.db.jndi", ""); // a container DataSource; wins over karuta.db.url
        d.put("karuta.db.flushInterval", "5");
        d.put("karuta.admin.createLogin", "true");
        d.put("karuta.metrics.enabled", "true");
        d.put("karuta.metrics.allowFrom", "");
        d.put("karuta.mode", "public");
        d.put("karuta.private.store", "embedded");
        d.put("karuta.private.flushInterval", "3");
        d.put("karuta.private.finalFlushTimeout", "20");
        d.put("karuta.private.deletionReasonLifetime", "86400");
        d.put("karuta.ocelot.site.secret", "");
        d.put("karuta.ocelot.report.secret", "");
        d.put("karuta.gazelle.url", "");
        d.put("karuta.gazelle.user", "");
        d.put("karuta.gazelle.password", "");
        d.put("karuta.gazelle.schema", "whatcd");
        d.put("karuta.ocelot.host", "127.0.0.1");
        d.put("karuta.ocelot.port", "off");
        d.put("karuta.registry", "memory");
        d.put("karuta.redis.uri", ""); // empty: no Redis (one node)
        d.put("karuta.redis.timeout", "500");
        d.put("karuta.redis.prefix", "karuta:");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * The configuration from {@code initParams} (null or blank: not set), falling back to system
     * properties, then to {@link #DEFAULTS}.
     *
     * @throws ConfigException naming the first invalid key
     */
    public static TrackerConfig from(Function<String, String> initParams) {
        Map<String, String> effective = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
            String value = initParams.apply(e.getKey());
            if (value == null || value.isBlank()) {
                value = System.getProperty(e.getKey());
            }
            effective.put(e.getKey(), value == null || value.isBlank() ? e.getValue() : value.trim());
        }
        return new TrackerConfig(effective);
    }

    /** Announce timing and numwant limits. */
    public AnnounceSettings announce() {
        return announce;
    }

    /** Swarm registry settings. */
    public RegistrySettings registry() {
        return registry;
    }

    /** HTTP frontend settings. */
    public HttpSettings http() {
        return http;
    }

    /** How often expired peers are swept from every swarm. */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    /** UDP frontend settings. */
    public UdpSettings udp() {
        return udp;
    }

    /** Where the embedded database and the admin realm file live. */
    public java.nio.file.Path dataDir() {
        return store.dataDir();
    }

    /** Whether the first start on Jetty creates an admin login in the data directory's realm file. */
    public boolean createAdminLogin() {
        return createAdminLogin;
    }

    /** {@code /metrics} settings. */
    public MetricsSettings metrics() {
        return metrics;
    }

    // ---- store (persistence) ------------------------------------------------------------------

    private final StoreSettings store;

    /** Where the tracker keeps access lists, snatch counts and the swarm snapshot. */
    public StoreSettings store() {
        return store;
    }

    private StoreSettings storeSettings() {
        String url = effective.get("karuta.db.url");
        String jndi = effective.get("karuta.db.jndi");
        if (!url.isEmpty() && Dialect.forUrl(url) == null) {
            // Not echoed: a URL may carry a password.
            throw new ConfigException("karuta.db.url",
                    "must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb: (which serves MySQL too)");
        }
        if (jndi.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("karuta.db.jndi", jndi, "must be a JNDI name such as java:comp/env/jdbc/karuta");
        }
        boolean defaultDir = effective.get("karuta.data.dir").isEmpty();
        if (defaultDir) {
            effective.put("karuta.data.dir", System.getProperty("user.home") + java.io.File.separator + ".karuta");
        }
        String dir = effective.get("karuta.data.dir");
        java.nio.file.Path dataDir;
        try {
            dataDir = java.nio.file.Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("karuta.data.dir", dir, "not a path: " + e.getReason());
        }
        // A relative directory would depend on where the container was started; ';' ends an H2 file name.
        boolean used = url.isEmpty() && jndi.isEmpty();
        if ((used || !defaultDir) && (!dataDir.isAbsolute() || dir.contains(";"))) {
            throw new ConfigException("karuta.data.dir", dir, "must be an absolute directory path without ';'");
        }
        return new StoreSettings(dataDir, url, effective.get("karuta.db.user"), effective.get("karuta.db.password"),
                jndi, Duration.ofSeconds(intValue("karuta.db.flushInterval", 1, 3600)));
    }

    // ---- private mode -------------------------------------------------------------------------

    private final PrivateSettings privateMode;

    /** Private-mode settings ({@link PrivateSettings#enabled()} false for a public tracker). */
    public PrivateSettings privateMode() {
        return privateMode;
    }

    private PrivateSettings privateSettings() {
        String mode = effective.get("karuta.mode");
        if (!mode.equals("public") && !mode.equals("private")) {
            throw new ConfigException("karuta.mode", mode, "must be public or private");
        }
        String kind = effective.get("karuta.private.store");
        if (!kind.equals("embedded") && !kind.equals("gazelle")) {
            throw new ConfigException("karuta.private.store", kind, "must be embedded or gazelle");
        }
        String schema = effective.get("karuta.gazelle.schema");
        if (!schema.equals("whatcd") && !schema.equals("opsnet")) {
            throw new ConfigException("karuta.gazelle.schema", schema, "must be whatcd or opsnet");
        }
        String url = effective.get("karuta.gazelle.url");
        boolean gazelle = kind.equals("gazelle");
        if ((gazelle || !url.isEmpty()) && !url.startsWith("jdbc:mariadb:")) {
            // Not echoed: a URL may carry a password.
            throw new ConfigException("karuta.gazelle.url",
                    "must be a jdbc:mariadb: URL (MariaDB's driver talks to MySQL too) when karuta.private.store=gazelle");
        }
        if (gazelle && effective.get("karuta.gazelle.user").isEmpty()) {
            throw new ConfigException("karuta.gazelle.user", "must name the Gazelle database user");
        }
        if (mode.equals("private") && http.fullScrape()) {
            throw new ConfigException("karuta.scrape.full", "true", "a private tracker lists its torrents to no one: set it to false");
        }
        for (String key : new String[] {"karuta.ocelot.site.secret", "karuta.ocelot.report.secret"}) {
            String v = effective.get(key);
            if (!v.isEmpty() && !dev.karuta.accounts.Passkey.valid(v)) {
                throw new ConfigException(key, "must be 32 letters and digits (Gazelle's TRACKER_SECRET / TRACKER_REPORTKEY)");
            }
        }
        return build(() -> new PrivateSettings(mode.equals("private"),
                gazelle ? PrivateSettings.StoreKind.GAZELLE : PrivateSettings.StoreKind.EMBEDDED,
                Duration.ofSeconds(intValue("karuta.private.flushInterval", 1, 3600)),
                Duration.ofSeconds(intValue("karuta.private.finalFlushTimeout", 0, 3600)),
                Duration.ofSeconds(intValue("karuta.private.deletionReasonLifetime", 0, 86_400 * 365)),
                effective.get("karuta.ocelot.site.secret"), effective.get("karuta.ocelot.report.secret"),
                new PrivateSettings.GazelleDatabase(url, effective.get("karuta.gazelle.user"),
                        effective.get("karuta.gazelle.password"), schema),
                ipLiteral("karuta.ocelot.host"),
                effective.get("karuta.ocelot.port").equals("off") ? -1 : intValue("karuta.ocelot.port", 0, 65535)),
                "karuta.ocelot.site.secret / karuta.ocelot.report.secret");
    }

    // ---- several nodes: shared swarms and node agreement on Redis ------------------------------

    private final NodeSettings nodes;

    /** Which swarm registry, and the Redis that several nodes share (if any). */
    public NodeSettings nodes() {
        return nodes;
    }

    private NodeSettings nodeSettings() {
        String kind = effective.get("karuta.registry");
        if (!kind.equals("memory") && !kind.equals("redis")) {
            throw new ConfigException("karuta.registry", kind, "must be memory or redis");
        }
        String uri = effective.get("karuta.redis.uri");
        int timeout = intValue("karuta.redis.timeout", 50, 60_000);
        String prefix = effective.get("karuta.redis.prefix");
        if (!prefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new ConfigException("karuta.redis.prefix", prefix, "must be 1 to 64 letters, digits or _ . : -");
        }
        if (uri.isEmpty()) {
            if (kind.equals("redis")) {
                throw new ConfigException("karuta.redis.uri", "must name the Redis server when karuta.registry=redis");
            }
            return new NodeSettings(false, null);
        }
        RedisSettings redis;
        try {
            redis = new RedisSettings(uri, Duration.ofMillis(timeout), prefix);
        } catch (IllegalArgumentException e) {
            // The URI is not echoed: it may carry a password.
            throw new ConfigException("karuta.redis.uri", e.getMessage());
        }
        for (String one : redis.isCluster() ? redis.clusterSeeds() : java.util.List.of(uri)) {
            try {
                io.lettuce.core.RedisURI.create(one);
            } catch (RuntimeException e) {
                // Lettuce's own parse, so that a URI accepted here is one the client takes; its message is
                // not passed on, since it may quote the password.
                throw new ConfigException("karuta.redis.uri", "not a Redis URI Lettuce can use (host, port, database"
                        + " and credentials as in redis://user:password@host:6379/0)");
            }
        }
        return new NodeSettings(kind.equals("redis"), redis);
    }

    // ----------------------------------------------------------------------------------------------

    /** Every key with its effective value, secrets replaced by {@code ***}: safe to log or show. */
    public Map<String, String> effective() {
        Map<String, String> shown = new LinkedHashMap<>(effective);
        shown.replaceAll((k, v) -> isSecret(k) && !v.isEmpty() ? "***" : v);
        shown.computeIfPresent("karuta.redis.uri", (k, v) -> NodeSettings.withoutPassword(v));
        return java.util.Collections.unmodifiableMap(shown);
    }

    /** Whether the value of {@code key} must never be logged or shown. */
    public static boolean isSecret(String key) {
        return key.endsWith(".secret") || key.endsWith(".password");
    }

    private byte[] secret(String key) {
        String raw = effective.get(key);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            byte[] bytes = HexFormat.of().parseHex(raw);
            if (bytes.length == 16) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        // The message must not echo the secret.
        throw new ConfigException(key, "must be 32 hex digits");
    }

    /** The value of {@code key}, which must be an IP literal: a host name would mean DNS at startup. */
    private String ipLiteral(String key) {
        String raw = effective.get(key);
        if (IpLiteral.parse(raw) == null) {
            throw new ConfigException(key, raw, "must be an IPv4 or IPv6 address literal");
        }
        return raw;
    }

    private int intValue(String key, int min, int max) {
        return (int) longValue(key, min, max);
    }

    private long longValue(String key, long min, long max) {
        String raw = effective.get(key);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(key, raw, "must be within " + min + ".." + max);
        }
        return value;
    }

    private boolean boolValue(String key) {
        String raw = effective.get(key);
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, raw, "must be true or false");
    }

    /** The value of {@code key} as a list of addresses and CIDR networks (empty: none). */
    private TrustedProxies proxies(String key) {
        String raw = effective.get(key);
        try {
            return TrustedProxies.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, raw, e.getMessage());
        }
    }

    private <T> T build(java.util.function.Supplier<T> factory, String keys) {
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keys, e.getMessage());
        }
    }
}
