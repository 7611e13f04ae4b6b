package dev.karuta.app;

import dev.karuta.accounts.PrivateSettings;
import dev.karuta.app.config.AdminKeys;
import dev.karuta.app.config.AnnounceKeys;
import dev.karuta.app.config.ConfigKeys;
import dev.karuta.app.config.ConfigSource;
import dev.karuta.app.config.ConfigValues;
import dev.karuta.app.config.DataDirectory;
import dev.karuta.app.config.HttpKeys;
import dev.karuta.app.config.Key;
import dev.karuta.app.config.NodeKeys;
import dev.karuta.app.config.PrivateKeys;
import dev.karuta.app.config.StoreKeys;
import dev.karuta.app.config.SwarmKeys;
import dev.karuta.app.config.UdpKeys;
import dev.karuta.app.config.WsKeys;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.http.HttpSettings;
import dev.karuta.http.MetricsSettings;
import dev.karuta.sql.Timeouts;
import dev.karuta.store.StoreSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.redis.RedisSettings;
import dev.karuta.udp.UdpSettings;
import dev.karuta.ws.WsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tracker's whole configuration, read once at startup from the table in {@link ConfigKeys} and
 * validated: every key is {@code karuta.*}, looked up as a servlet context init-parameter, then as a
 * system property, then as an environment variable ({@link ConfigSource}), then taken from its default.
 * An invalid value fails the deployment with a message naming the key.
 */
public final class TrackerConfig {
    /** Every key with its default, in the order they are logged. */
    public static final Map<String, String> DEFAULTS = ConfigKeys.defaults();

    private final ConfigValues values;
    private final AnnounceSettings announce;
    private final RegistrySettings registry;
    private final HttpSettings http;
    private final Duration sweepInterval;
    private final UdpSettings udp;
    private final WsSettings ws;
    private final StoreSettings store;
    private final DataDirectory dataDirectory;
    private final boolean createAdminLogin;
    private final MetricsSettings metrics;
    private final PrivateSettings privateMode;
    private final Duration maxFlushLag;
    private final NodeSettings nodes;

    private TrackerConfig(ConfigValues values, ConfigSource source) {
        this.values = values;
        this.dataDirectory = values.given(StoreKeys.DATA_DIR)
                ? new DataDirectory(values.get(StoreKeys.DATA_DIR), DataDirectory.Origin.KEY)
                : DataDirectory.byDefault(source);
        this.announce = build(() -> new AnnounceSettings(values.get(AnnounceKeys.INTERVAL),
                values.get(AnnounceKeys.INTERVAL_JITTER), values.get(AnnounceKeys.MIN_INTERVAL),
                values.get(AnnounceKeys.NUMWANT_DEFAULT), values.get(AnnounceKeys.NUMWANT_MAX)),
                AnnounceKeys.INTERVAL, AnnounceKeys.MIN_INTERVAL, AnnounceKeys.NUMWANT_DEFAULT,
                AnnounceKeys.NUMWANT_MAX);
        this.registry = build(() -> new RegistrySettings(Duration.ofSeconds(values.get(SwarmKeys.PEER_TTL)),
                Duration.ofSeconds(values.get(SwarmKeys.SWARM_IDLE)), values.get(SwarmKeys.MAX_TORRENTS),
                values.get(SwarmKeys.SUBNET_V4_PREFIX), values.get(SwarmKeys.SUBNET_V6_PREFIX),
                values.get(SwarmKeys.PEERS_PER_ADDRESS)),
                SwarmKeys.SWARM_IDLE, SwarmKeys.PEER_TTL);
        this.http = new HttpSettings(values.get(HttpKeys.MAX_QUERY_LENGTH), values.get(HttpKeys.SCRAPE_MAX_HASHES),
                values.get(HttpKeys.SCRAPE_FULL), Duration.ofSeconds(values.get(HttpKeys.SCRAPE_FULL_INTERVAL)),
                values.get(HttpKeys.SCRAPE_FULL_CONCURRENT), values.get(HttpKeys.PROXY_TRUSTED),
                values.get(HttpKeys.PROXY_HEADER), values.get(HttpKeys.TRUST_CLIENT_IP),
                values.get(HttpKeys.OTHER_FAMILY));
        this.sweepInterval = Duration.ofSeconds(values.get(SwarmKeys.SWEEP_INTERVAL));
        this.udp = new UdpSettings(values.get(UdpKeys.ENABLED), values.get(UdpKeys.HOST), values.get(UdpKeys.PORT),
                udpWorkers(values.get(UdpKeys.WORKERS), Runtime.getRuntime().availableProcessors()),
                UdpSettings.Transport.named(values.get(UdpKeys.TRANSPORT)),
                Duration.ofSeconds(values.get(UdpKeys.CONNECTION_ID_LIFETIME)),
                values.get(UdpKeys.SECRET), http.trustClientSupplied());
        this.ws = new WsSettings(values.get(WsKeys.ENABLED), values.get(WsKeys.INTERVAL),
                Duration.ofSeconds(values.get(WsKeys.PEER_TTL)), Duration.ofSeconds(values.get(WsKeys.IDLE_TIMEOUT)),
                values.get(WsKeys.MAX_MESSAGE), values.get(WsKeys.MAX_OFFERS), values.get(WsKeys.MAX_SWARMS),
                values.get(WsKeys.MAX_QUEUED), values.get(WsKeys.MAX_CONNECTIONS), values.get(WsKeys.MAX_PER_ADDRESS));
        this.store = storeSettings();
        this.createAdminLogin = values.get(AdminKeys.CREATE_LOGIN);
        this.metrics = new MetricsSettings(values.get(AdminKeys.METRICS_ENABLED),
                values.get(AdminKeys.METRICS_ALLOW_FROM));
        this.privateMode = privateSettings();
        this.maxFlushLag = checkedFlushLag();
        this.nodes = nodeSettings();
    }

    /**
     * The configuration from {@code initParams} (null or blank: not set), falling back to system
     * properties, then to environment variables, then to {@link #DEFAULTS}.
     *
     * @throws ConfigException naming the first invalid key
     */
    public static TrackerConfig from(Function<String, String> initParams) {
        return from(ConfigSource.of(initParams));
    }

    /**
     * The configuration from {@code source} (tests give it their own system properties and environment).
     *
     * @throws ConfigException naming the first invalid key
     */
    public static TrackerConfig from(ConfigSource source) {
        return new TrackerConfig(ConfigValues.read(ConfigKeys.ALL, source), source);
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

    /** WebSocket tracker settings. */
    public WsSettings ws() {
        return ws;
    }

    /** Where the embedded database and the admin realm file live. */
    public Path dataDir() {
        return store.dataDir();
    }

    /** The data directory with the rule that chose it ({@link DataDirectory}), to create it at start. */
    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    /**
     * Whether this node keeps files in the data directory: the embedded database, or a private tracker's
     * accounting not yet written.
     */
    public boolean usesDataDir() {
        return store.embedded() || privateMode.enabled();
    }

    /** Whether the first start on Jetty creates an admin login in the data directory's realm file. */
    public boolean createAdminLogin() {
        return createAdminLogin;
    }

    /** {@code /metrics} settings. */
    public MetricsSettings metrics() {
        return metrics;
    }

    /** Where the tracker keeps access lists, snatch counts and the swarm snapshot. */
    public StoreSettings store() {
        return store;
    }

    /** Private-mode settings ({@link PrivateSettings#enabled()} false for a public tracker). */
    public PrivateSettings privateMode() {
        return privateMode;
    }

    /** How far behind private mode's accounts store may be before the node is not ready. */
    public Duration maxFlushLag() {
        return maxFlushLag;
    }

    /** Which swarm registry, and the Redis that several nodes share (if any). */
    public NodeSettings nodes() {
        return nodes;
    }

    /** Every key with its effective value, secrets replaced by {@code ***}: safe to log or show. */
    public Map<String, String> effective() {
        return values.shown();
    }

    /** Whether the value of {@code key} must never be logged or shown. */
    public static boolean isSecret(String key) {
        return ConfigKeys.named(key).map(Key::isSecret).orElse(false);
    }

    private StoreSettings storeSettings() {
        Path dataDir = values.get(StoreKeys.DATA_DIR);
        String dir = values.raw(StoreKeys.DATA_DIR);
        String url = values.get(StoreKeys.DB_URL);
        String jndi = values.get(StoreKeys.DB_JNDI);
        // A relative directory would depend on where the container was started; ';' ends an H2 file name.
        boolean used = url.isEmpty() && jndi.isEmpty();
        if ((used || values.given(StoreKeys.DATA_DIR)) && (!dataDir.isAbsolute() || dir.contains(";"))) {
            String from = switch (dataDirectory.origin()) {
                case KEY -> "";
                case STATE_DIRECTORY -> " (from $STATE_DIRECTORY)";
                // Java's user.home is "?" for a user the system does not know (an arbitrary container UID).
                case HOME -> " (not given, and ~/.karuta is not one: the user has no home directory; set"
                        + " karuta.data.dir, or StateDirectory=karuta in the systemd unit)";
            };
            throw new ConfigException(StoreKeys.DATA_DIR.name(), dir, "must be an absolute directory path without ';'"
                    + from);
        }
        return new StoreSettings(dataDir, url, values.get(StoreKeys.DB_USER), values.get(StoreKeys.DB_PASSWORD),
                jndi, Duration.ofSeconds(values.get(StoreKeys.DB_FLUSH_INTERVAL)),
                new Timeouts(Duration.ofSeconds(values.get(StoreKeys.DB_CONNECT_TIMEOUT)),
                        Duration.ofSeconds(values.get(StoreKeys.DB_SOCKET_TIMEOUT))));
    }

    private PrivateSettings privateSettings() {
        boolean enabled = values.get(PrivateKeys.MODE).equals("private");
        boolean gazelle = values.get(PrivateKeys.STORE).equals("gazelle");
        String url = values.get(PrivateKeys.GAZELLE_URL);
        if (gazelle && url.isEmpty()) {
            throw new ConfigException(PrivateKeys.GAZELLE_URL.name(),
                    "must name the Gazelle database (a jdbc:mariadb: URL) when karuta.private.store=gazelle");
        }
        if (gazelle && values.get(PrivateKeys.GAZELLE_USER).isEmpty()) {
            throw new ConfigException(PrivateKeys.GAZELLE_USER.name(), "must name the Gazelle database user");
        }
        if (enabled && http.fullScrape()) {
            throw new ConfigException(HttpKeys.SCRAPE_FULL.name(), "true",
                    "a private tracker lists its torrents to no one: set it to false");
        }
        return build(() -> new PrivateSettings(enabled,
                gazelle ? PrivateSettings.StoreKind.GAZELLE : PrivateSettings.StoreKind.EMBEDDED,
                Duration.ofSeconds(values.get(PrivateKeys.FLUSH_INTERVAL)),
                Duration.ofSeconds(values.get(PrivateKeys.FINAL_FLUSH_TIMEOUT)),
                Duration.ofSeconds(values.get(PrivateKeys.DELETION_REASON_LIFETIME)),
                values.get(PrivateKeys.SITE_SECRET), values.get(PrivateKeys.REPORT_SECRET),
                new PrivateSettings.GazelleDatabase(url, values.get(PrivateKeys.GAZELLE_USER),
                        values.get(PrivateKeys.GAZELLE_PASSWORD), values.get(PrivateKeys.GAZELLE_SCHEMA)),
                values.get(PrivateKeys.CONTROL_HOST), values.get(PrivateKeys.CONTROL_PORT),
                values.get(PrivateKeys.MAX_RATE)),
                PrivateKeys.SITE_SECRET, PrivateKeys.REPORT_SECRET);
    }

    private Duration checkedFlushLag() {
        Duration lag = Duration.ofSeconds(values.get(PrivateKeys.MAX_FLUSH_LAG));
        // Between two flushes everything waits one interval: a bound below it would flap at every flush.
        if (privateMode.enabled() && lag.compareTo(privateMode.flushInterval()) <= 0) {
            throw new ConfigException(PrivateKeys.MAX_FLUSH_LAG.name() + " / " + PrivateKeys.FLUSH_INTERVAL.name(),
                    PrivateKeys.MAX_FLUSH_LAG.name() + " must be more than " + PrivateKeys.FLUSH_INTERVAL.name());
        }
        return lag;
    }

    private NodeSettings nodeSettings() {
        boolean redisRegistry = values.get(NodeKeys.REGISTRY).equals("redis");
        String uri = values.get(NodeKeys.REDIS_URI);
        String key = NodeKeys.REDIS_URI.name();
        if (uri.isEmpty()) {
            if (redisRegistry) {
                throw new ConfigException(key, "must name the Redis server when karuta.registry=redis");
            }
            return new NodeSettings(false, null);
        }
        RedisSettings redis;
        try {
            redis = new RedisSettings(uri, Duration.ofMillis(values.get(NodeKeys.REDIS_TIMEOUT)),
                    values.get(NodeKeys.REDIS_PREFIX));
        } catch (IllegalArgumentException e) {
            // The URI is not echoed: it may carry a password.
            throw new ConfigException(key, e.getMessage());
        }
        for (String one : redis.isCluster() ? redis.clusterSeeds() : List.of(uri)) {
            try {
                io.lettuce.core.RedisURI.create(one);
            } catch (RuntimeException e) {
                // Lettuce's own parse, so that a URI accepted here is one the client takes; its message is
                // not passed on, since it may quote the password.
                throw new ConfigException(key, "not a Redis URI Lettuce can use (host, port, database"
                        + " and credentials as in redis://user:password@host:6379/0)");
            }
        }
        return new NodeSettings(redisRegistry, redis);
    }

    /** What {@code factory} makes; a value it refuses fails the configuration naming {@code keys}. */
    private static <T> T build(Supplier<T> factory, Key<?>... keys) {
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Stream.of(keys).map(Key::name).collect(Collectors.joining(" / ")),
                    e.getMessage());
        }
    }

    /**
     * UDP receive threads for {@code configured} ({@code karuta.udp.workers}): as given, or for 0 one per
     * CPU the JVM may use ({@code cpus}), at most 8. On one CPU a second socket only splits the batches
     * one {@code recvmmsg} reads and adds a thread switch (measured: 1.11x the announces with one).
     */
    static int udpWorkers(int configured, int cpus) {
        return configured > 0 ? configured : Math.max(1, Math.min(8, cpus));
    }
}
