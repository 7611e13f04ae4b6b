package dev.karuta.ocelot;

import java.util.List;

/**
 * Writes one JSON object field by field, in the order given, as Ocelot writes its reports: the
 * control API's answers are a few numbers, number lists and short texts, so no JSON library is needed.
 */
final class JsonObjectWriter {
    private final StringBuilder out = new StringBuilder("{");

    /** Adds {@code "key":value}. */
    JsonObjectWriter number(String key, long value) {
        return key(key).append(value);
    }

    /** Adds {@code "key":"value"}, the text escaped. */
    JsonObjectWriter text(String key, String value) {
        key(key);
        quote(value);
        return this;
    }

    /** Adds {@code "key":[n,...]}. */
    JsonObjectWriter numbers(String key, List<Integer> values) {
        key(key).out.append('[');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append(values.get(i));
        }
        out.append(']');
        return this;
    }

    /** Adds {@code "key":{...}}, an object written by {@code value}. */
    JsonObjectWriter object(String key, JsonObjectWriter value) {
        key(key).out.append(value.end());
        return this;
    }

    /** The object written so far, closed. */
    String end() {
        return out + "}";
    }

    private JsonObjectWriter key(String key) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(key);
        out.append(':');
        return this;
    }

    private JsonObjectWriter append(long n) {
        out.append(n);
        return this;
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
