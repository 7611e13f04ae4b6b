package dev.karuta.app.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration table: every key the tracker reads, each declared once in one of the {@code *Keys}
 * classes, in the order they are documented, listed in {@code jetty-base} and logged.
 */
public final class ConfigKeys {
    /** Every key, in order. */
    public static final List<Key<?>> ALL = all();

    private ConfigKeys() {
    }

    /** Every key's name with its default (empty when the default is computed or means "none"), in order. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.forEach(k -> defaults.put(k.name(), k.defaultValue()));
        return Collections.unmodifiableMap(defaults);
    }

    /** The key called {@code name}, if there is one. */
    public static Optional<Key<?>> named(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    private static List<Key<?>> all() {
        List<Key<?>> all = new ArrayList<>();
        all.addAll(AnnounceKeys.ALL);
        all.addAll(SwarmKeys.ALL);
        all.addAll(HttpKeys.ALL);
        all.addAll(UdpKeys.ALL);
        all.addAll(WsKeys.ALL);
        all.addAll(StoreKeys.ALL);
        all.addAll(AdminKeys.ALL);
        all.addAll(PrivateKeys.ALL);
        all.addAll(NodeKeys.ALL);
        Set<String> names = new HashSet<>();
        for (Key<?> key : all) {
            // Two names differing only in case or punctuation would share an environment variable.
            if (!names.add(key.name()) || !names.add(key.environmentName())) {
                throw new IllegalStateException("declared twice: " + key.name());
            }
        }
        return List.copyOf(all);
    }
}
