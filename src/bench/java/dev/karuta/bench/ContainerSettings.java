package dev.karuta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The container settings a benchmark server runs with, named as jetty-home 12.1's start properties:
 * jetty-home's default, replaced by a {@code jetty.*=value} line of {@code jetty-base/start.d/*.ini}
 * (what ships), replaced by a {@code -Djetty.*=value} system property (what {@code bench/tune.sh}
 * compares). {@code -Dbench.sessions=false} leaves the session handler out of the webapp, which a
 * jetty-base cannot express. Only the settings listed in {@link #DEFAULTS} are applied.
 */
record ContainerSettings(Map<String, String> values) {
    /** jetty-home 12.1's defaults (modules threadpool, server, http: etc/jetty*.xml). */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("jetty.threadPool.minThreads", "10"),
            Map.entry("jetty.threadPool.maxThreads", "200"),
            Map.entry("jetty.threadPool.reservedThreads", "-1"),
            Map.entry("jetty.threadPool.useVirtualThreads", "false"),
            Map.entry("jetty.http.acceptors", "1"),
            Map.entry("jetty.http.selectors", "-1"),
            Map.entry("jetty.http.acceptQueueSize", "0"),
            Map.entry("jetty.httpConfig.requestHeaderSize", "8192"),
            Map.entry("jetty.httpConfig.sendServerVersion", "true"),
            Map.entry("jetty.httpConfig.sendDateHeader", "false"),
            Map.entry("jetty.httpConfig.outputBufferSize", "32768"),
            Map.entry("jetty.httpConfig.outputAggregationSize", "8192"),
            Map.entry("jetty.httpConfig.headerCacheSize", "1024"),
            Map.entry("bench.sessions", "true"));
    private static final Pattern LINE = Pattern.compile("(?m)^(jetty\\.[\\w.]+)=(.*)$");

    /** The settings of {@code jetty-base/start.d} (relative to the working directory), then system properties. */
    static ContainerSettings fromJettyBase() {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        try (Stream<Path> inis = Files.list(Path.of("jetty-base", "start.d"))) {
            for (Path ini : inis.filter(p -> p.toString().endsWith(".ini")).sorted().toList()) {
                Matcher m = LINE.matcher(Files.readString(ini, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (DEFAULTS.containsKey(m.group(1))) {
                        values.put(m.group(1), m.group(2).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root (jetty-base/start.d)", e);
        }
        DEFAULTS.keySet().forEach(k -> {
            String v = System.getProperty(k);
            if (v != null) {
                values.put(k, v);
            }
        });
        return new ContainerSettings(values);
    }

    private int integer(String key) {
        return Integer.parseInt(values.get(key));
    }

    private boolean bool(String key) {
        return Boolean.parseBoolean(values.get(key));
    }

    boolean sessions() {
        return bool("bench.sessions");
    }

    QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(integer("jetty.threadPool.maxThreads"),
                integer("jetty.threadPool.minThreads"));
        pool.setReservedThreads(integer("jetty.threadPool.reservedThreads"));
        if (bool("jetty.threadPool.useVirtualThreads")) {
            // What jetty-home's threadpool-virtual module does (Java 21 and later; null before).
            java.util.concurrent.Executor virtual = org.eclipse.jetty.util.VirtualThreads.getDefaultVirtualThreadsExecutor();
            if (virtual == null) {
                throw new IllegalStateException("jetty.threadPool.useVirtualThreads needs Java 21 or later");
            }
            pool.setVirtualThreadsExecutor(virtual);
        }
        return pool;
    }

    /** An HTTP/1.1 connector configured as jetty-home's http module would be. */
    ServerConnector connector(Server server) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(integer("jetty.httpConfig.requestHeaderSize"));
        http.setSendServerVersion(bool("jetty.httpConfig.sendServerVersion"));
        http.setSendDateHeader(bool("jetty.httpConfig.sendDateHeader"));
        http.setOutputBufferSize(integer("jetty.httpConfig.outputBufferSize"));
        http.setOutputAggregationSize(integer("jetty.httpConfig.outputAggregationSize"));
        http.setHeaderCacheSize(integer("jetty.httpConfig.headerCacheSize"));
        ServerConnector connector = new ServerConnector(server, integer("jetty.http.acceptors"),
                integer("jetty.http.selectors"), new HttpConnectionFactory(http));
        connector.setAcceptQueueSize(integer("jetty.http.acceptQueueSize"));
        return connector;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k.replaceFirst("^jetty\\.", "")).append('=').append(v));
        return sb.toString();
    }
}
