package dev.karuta.app.config;

import dev.karuta.http.IpLiteral;
import dev.karuta.http.TrustedProxies;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a key's trimmed text (possibly empty) into its value, or refuses it.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface ValueParser<T> {
    /**
     * The value {@code raw} stands for.
     *
     * @throws IllegalArgumentException whose message says what is wrong without quoting {@code raw}
     */
    T parse(String raw);

    /** Any text, as given. */
    static ValueParser<String> text() {
        return raw -> raw;
    }

    /** A whole number within {@code min..max}. */
    static ValueParser<Long> wholeNumber(long min, long max) {
        return raw -> {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be within " + min + ".." + max);
            }
            return value;
        };
    }

    /** A whole number within {@code min..max}, as an {@code int}. */
    static ValueParser<Integer> integer(int min, int max) {
        ValueParser<Long> number = wholeNumber(min, max);
        return raw -> number.parse(raw).intValue();
    }

    /** {@code true} or {@code false}, in any case. */
    static ValueParser<Boolean> bool() {
        return raw -> {
            if (raw.equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("must be true or false");
        };
    }

    /** One of {@code choices}, exactly. */
    static ValueParser<String> oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        String problem = "must be " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                + allowed.get(allowed.size() - 1);
        return raw -> {
            if (!allowed.contains(raw)) {
                throw new IllegalArgumentException(problem);
            }
            return raw;
        };
    }

    /** An IPv4 or IPv6 address literal, as given: a host name would mean DNS at startup. */
    static ValueParser<String> ipLiteral() {
        return raw -> {
            if (IpLiteral.parse(raw) == null) {
                throw new IllegalArgumentException("must be an IPv4 or IPv6 address literal");
            }
            return raw;
        };
    }

    /** A comma-separated list of addresses and CIDR networks (empty: none). */
    static ValueParser<TrustedProxies> addresses() {
        return TrustedProxies::parse;
    }

    /** 32 hex digits as 16 bytes, or null when empty. */
    static ValueParser<byte[]> hexKey() {
        return raw -> {
            if (raw.isEmpty()) {
                return null;
            }
            try {
                byte[] bytes = HexFormat.of().parseHex(raw);
                if (bytes.length == 16) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                // reported below, without HexFormat's message, which may quote the text
            }
            throw new IllegalArgumentException("must be 32 hex digits");
        };
    }
}
