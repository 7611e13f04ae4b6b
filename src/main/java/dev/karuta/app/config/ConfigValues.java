package dev.karuta.app.config;

import dev.karuta.app.ConfigException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The effective value of every key of a table, read from a {@link ConfigSource} and parsed once. */
public final class ConfigValues {
    private final List<Key<?>> keys;
    private final Map<String, String> effective = new LinkedHashMap<>();
    private final Map<Key<?>, Object> parsed = new HashMap<>();
    private final Set<Key<?>> given = new HashSet<>();

    private ConfigValues(List<Key<?>> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Every key of {@code keys} read from {@code source}, or else given its default, and parsed, in order.
     *
     * @throws ConfigException naming the first key whose value its parser refuses
     */
    public static ConfigValues read(List<Key<?>> keys, ConfigSource source) {
        ConfigValues values = new ConfigValues(keys);
        for (Key<?> key : keys) {
            String raw = source.lookup(key);
            if (raw == null) {
                raw = key.unsetValue(Collections.unmodifiableMap(values.effective), source);
            } else {
                values.given.add(key);
            }
            values.effective.put(key.name(), raw);
            values.parsed.put(key, key.parse(raw));
        }
        return values;
    }

    /** The parsed value of {@code key} (null where its parser makes null of an empty value). */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        if (!parsed.containsKey(key)) {
            throw new IllegalArgumentException("not in the table: " + key);
        }
        return (T) parsed.get(key);
    }

    /** The text {@code key} took, trimmed: given, its default, or its fallback. */
    public String raw(Key<?> key) {
        return effective.get(key.name());
    }

    /** Whether a source set {@code key}, rather than its default. */
    public boolean given(Key<?> key) {
        return given.contains(key);
    }

    /** Every key with its effective text as it may be shown (secrets masked), in order. */
    public Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Key<?> key : keys) {
            shown.put(key.name(), key.shown(effective.get(key.name())));
        }
        return Collections.unmodifiableMap(shown);
    }
}
