package dev.karuta.admin;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object request body read strictly, where JSON-B binding would guess: one object and nothing
 * after it, only the fields the endpoint names, each of its own JSON type ({@code "yes"} is no boolean,
 * {@code 1.5} and {@code 1e10} are no user id). Every refusal is a 400 that names the field.
 */
final class JsonRequest {
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private final JsonObject object;

    private JsonRequest(JsonObject object) {
        this.object = object;
    }

    /** The object in {@code body}, which may hold only {@code fields}. */
    static JsonRequest parse(byte[] body, Set<String> fields) {
        JsonObject object;
        try (JsonParser parser = PARSERS.createParser(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("expected a JSON object");
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.badRequest("malformed JSON body");
            }
        } catch (JsonParsingException | java.util.NoSuchElementException e) {
            throw ApiException.badRequest("malformed JSON body");
        }
        for (String name : object.keySet()) {
            if (!fields.contains(name)) {
                throw ApiException.badRequest("unknown field \"" + name + "\"; expected " + String.join(", ",
                        new java.util.TreeSet<>(fields)));
            }
        }
        return new JsonRequest(object);
    }

    /** An empty request: every field absent. */
    static JsonRequest empty() {
        return new JsonRequest(JsonValue.EMPTY_JSON_OBJECT);
    }

    /** Whether {@code name} is present and not null. */
    boolean has(String name) {
        JsonValue v = object.get(name);
        return v != null && v.getValueType() != JsonValue.ValueType.NULL;
    }

    /** A positive whole number that fits an int, or null when absent. */
    Integer id(String name) {
        if (!has(name)) {
            return null;
        }
        if (object.get(name) instanceof JsonNumber n && n.isIntegral()
                && n.bigDecimalValue().compareTo(BigDecimal.ONE) >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return n.intValue();
        }
        throw ApiException.badRequest(name + " must be a whole number from 1 to " + Integer.MAX_VALUE);
    }

    /** A required positive whole number. */
    int requiredId(String name) {
        Integer id = id(name);
        if (id == null) {
            throw ApiException.badRequest(name + " is required");
        }
        return id;
    }

    /** {@code true} or {@code false}, or null when absent. */
    Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonValue.ValueType type = object.get(name).getValueType();
        if (type == JsonValue.ValueType.TRUE || type == JsonValue.ValueType.FALSE) {
            return type == JsonValue.ValueType.TRUE;
        }
        throw ApiException.badRequest(name + " must be true or false");
    }

    /** A string, or null when absent. */
    String string(String name) {
        if (!has(name)) {
            return null;
        }
        if (object.get(name) instanceof JsonString s) {
            return s.getString();
        }
        throw ApiException.badRequest(name + " must be a string");
    }

    /** A required string. */
    String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw ApiException.badRequest(name + " is required");
        }
        return s;
    }

    /** A required non-empty array of strings. */
    List<String> strings(String name) {
        if (!has(name) || !(object.get(name) instanceof jakarta.json.JsonArray array) || array.isEmpty()) {
            throw ApiException.badRequest(name + " must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw ApiException.badRequest(name + " must be a non-empty array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }
}
