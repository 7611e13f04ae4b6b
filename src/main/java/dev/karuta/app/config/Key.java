package dev.karuta.app.config;

import dev.karuta.app.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One configuration key, declared once: its name, its default, the parser that checks its value, one
 * line of documentation, and how its value may be shown. Immutable; the {@code with}-style methods
 * return a copy.
 *
 * @param <T> the parsed value's type
 */
public final class Key<T> {
    private static final UnaryOperator<String> PLAIN = v -> v;
    private static final UnaryOperator<String> MASKED = v -> v.isEmpty() ? v : "***";

    private final String name;
    private final String defaultValue;
    private final ValueParser<T> parser;
    private final String doc;
    private final String defaultDoc;
    private final BiFunction<Map<String, String>, ConfigSource, String> fallback;
    private final boolean echoed;
    private final UnaryOperator<String> shown;

    private Key(String name, String defaultValue, ValueParser<T> parser, String doc, String defaultDoc,
            BiFunction<Map<String, String>, ConfigSource, String> fallback, boolean echoed,
            UnaryOperator<String> shown) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.defaultDoc = defaultDoc;
        this.fallback = fallback;
        this.echoed = echoed;
        this.shown = shown;
    }

    /**
     * A key {@code name} whose unset value is {@code defaultValue}, parsed by {@code parser} and
     * documented by the one line {@code doc} (Markdown).
     */
    public static <T> Key<T> of(String name, String defaultValue, ValueParser<T> parser, String doc) {
        if (!name.matches("karuta(\\.[a-z][A-Za-z0-9]*)+")) {
            throw new IllegalArgumentException("not a key name: " + name);
        }
        return new Key<>(name, defaultValue, parser, doc, null, null, true, PLAIN);
    }

    /** This key as a secret: masked as {@code ***} when shown, never echoed by an error. */
    public Key<T> secret() {
        return new Key<>(name, defaultValue, parser, doc, defaultDoc, fallback, false, MASKED);
    }

    /** This key with a value that errors must not echo (a URL may carry a password). */
    public Key<T> unechoed() {
        return new Key<>(name, defaultValue, parser, doc, defaultDoc, fallback, false, shown);
    }

    /** This key shown through {@code shownAs} (which hides what must not be logged). */
    public Key<T> shownAs(UnaryOperator<String> shownAs) {
        return new Key<>(name, defaultValue, parser, doc, defaultDoc, fallback, echoed, shownAs);
    }

    /** This key with its default described by {@code text} (Markdown) in the documentation. */
    public Key<T> defaultDoc(String text) {
        return new Key<>(name, defaultValue, parser, doc, text, fallback, echoed, shown);
    }

    /**
     * This key, when unset, taking the value {@code rule} computes from the effective values of the
     * keys declared before it (the default itself stays empty, as listed in {@code jetty-base}).
     */
    public Key<T> fallback(Function<Map<String, String>, String> rule) {
        return fallback((earlier, source) -> rule.apply(earlier));
    }

    /**
     * This key, when unset, taking the value {@code rule} computes from the effective values of the keys
     * declared before it and from the {@link ConfigSource} read (its environment and system properties).
     */
    public Key<T> fallback(BiFunction<Map<String, String>, ConfigSource, String> rule) {
        return new Key<>(name, defaultValue, parser, doc, defaultDoc, rule, echoed, shown);
    }

    /** The key's name, {@code karuta.*}. */
    public String name() {
        return name;
    }

    /** The value an unset key takes (may be empty), as listed in {@code jetty-base/start.d/karuta.ini}. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One line of documentation (Markdown). */
    public String doc() {
        return doc;
    }

    /** The default as the documentation shows it (Markdown). */
    public String defaultDoc() {
        if (defaultDoc != null) {
            return defaultDoc;
        }
        return defaultValue.isEmpty() ? "(none)" : "`" + defaultValue + "`";
    }

    /**
     * The environment variable read for this key: {@code KARUTA_} and the rest of the name in upper
     * case, every character but a letter or digit replaced by {@code _} (MicroProfile Config's rule):
     * {@code karuta.announce.interval} is {@code KARUTA_ANNOUNCE_INTERVAL}, {@code
     * karuta.ip.trustClientSupplied} is {@code KARUTA_IP_TRUSTCLIENTSUPPLIED}.
     */
    public String environmentName() {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the value must never be logged or shown. */
    public boolean isSecret() {
        return shown == MASKED;
    }

    /** {@code raw} as it may be logged or shown. */
    public String shown(String raw) {
        return shown.apply(raw);
    }

    /** The value of an unset key, given the effective values of the keys before it and the source read. */
    String unsetValue(Map<String, String> earlier, ConfigSource source) {
        return fallback == null ? defaultValue : fallback.apply(earlier, source);
    }

    /**
     * The value {@code raw} stands for.
     *
     * @throws ConfigException naming this key, and quoting {@code raw} unless this key is secret or unechoed
     */
    public T parse(String raw) {
        try {
            return parser.parse(raw);
        } catch (IllegalArgumentException e) {
            throw echoed ? new ConfigException(name, raw, e.getMessage()) : new ConfigException(name, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
