package dev.karuta.ocelot;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Passkey;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;
import dev.karuta.policy.ClientList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one control request, read strictly from the raw query: each accessor returns a
 * well-formed value or throws a {@link TrackerException} naming the action and the parameter, so an
 * action reads all its parameters before it changes anything. Hashes are the bytes of the raw query
 * after {@code %XX} decoding only (Gazelle sends {@code rawurlencode} of the binary hash; a {@code +}
 * is a literal byte, as Ocelot's {@code hex_decode} reads it).
 */
final class ControlParams {
    private final QueryString query;
    private final String action;

    ControlParams(QueryString query) {
        this.query = query;
        this.action = query.text("action");
    }

    /** The {@code action} parameter, or null when absent. */
    String action() {
        return action;
    }

    /** A required 32-character passkey. */
    String passkey(String name) {
        String v = required(name);
        if (!Passkey.valid(v)) {
            throw bad(name, "must be 32 letters and digits");
        }
        return v;
    }

    /** A required concatenation of one or more 32-character passkeys. */
    List<String> passkeys(String name) {
        String v = required(name);
        if (v.length() % Passkey.LENGTH != 0) {
            throw bad(name, "must be 32-character passkeys put together");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.length(); i += Passkey.LENGTH) {
            String key = v.substring(i, i + Passkey.LENGTH);
            if (!Passkey.valid(key)) {
                throw bad(name, "must be 32-character passkeys of letters and digits put together");
            }
            out.add(key);
        }
        return out;
    }

    /** A required info hash: exactly 20 bytes once decoded. */
    InfoHash infoHash(String name) {
        byte[] v = requiredBytes(name);
        if (v.length != InfoHash.LENGTH) {
            throw bad(name, "must be 20 bytes (" + v.length + " given)");
        }
        return InfoHash.of(v);
    }

    /** A required concatenation of one or more 20-byte info hashes. */
    List<InfoHash> infoHashes(String name) {
        byte[] v = requiredBytes(name);
        if (v.length % InfoHash.LENGTH != 0) {
            throw bad(name, "must be 20-byte hashes put together (" + v.length + " bytes given)");
        }
        List<InfoHash> out = new ArrayList<>();
        for (int i = 0; i < v.length; i += InfoHash.LENGTH) {
            out.add(InfoHash.of(v, i));
        }
        return out;
    }

    /** A required decimal integer from {@code min} to {@code max}. */
    int integer(String name, int min, int max) {
        return parse(name, required(name), min, max);
    }

    /** An optional decimal integer from {@code min} to {@code max}; {@code absent} when missing. */
    int integer(String name, int min, int max, int absent) {
        String v = query.text(name);
        return v == null ? absent : parse(name, v, min, max);
    }

    private int parse(String name, String v, int min, int max) {
        // Strict: an optional minus sign and 1 to 10 digits, nothing else (no spaces, no plus sign).
        if (!v.matches("-?[0-9]{1,10}")) {
            throw bad(name, "must be a whole number");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw bad(name, "must be from " + min + " to " + max);
        }
        return (int) n;
    }

    /**
     * An optional switch read as Ocelot reads it: {@code 0} is false, any other value true, and a
     * missing one is {@code absent}.
     */
    boolean flag(String name, boolean absent) {
        String v = query.text(name);
        return v == null ? absent : !v.equals("0");
    }

    /** A required {@code 0} or {@code 1}. */
    boolean bit(String name) {
        String v = required(name);
        if (!v.equals("0") && !v.equals("1")) {
            throw bad(name, "must be 0 or 1");
        }
        return v.equals("1");
    }

    /** A required freeleech state as Ocelot reads it: {@code 0} normal, {@code 1} free, anything else neutral. */
    FreeLeech free(String name) {
        String v = required(name);
        return v.equals("0") ? FreeLeech.NORMAL : v.equals("1") ? FreeLeech.FREE : FreeLeech.NEUTRAL;
    }

    /** A required client prefix: 1 to 20 printable ASCII characters. */
    String clientPrefix(String name) {
        String v = required(name);
        try {
            return ClientList.validate(v);
        } catch (IllegalArgumentException e) {
            throw bad(name, "must be 1 to 20 printable ASCII characters");
        }
    }

    private String required(String name) {
        return new String(requiredBytes(name), StandardCharsets.ISO_8859_1);
    }

    private byte[] requiredBytes(String name) {
        byte[] v = query.first(name);
        if (v == null || v.length == 0) {
            throw new TrackerException(action + ": missing " + name);
        }
        return v;
    }

    private TrackerException bad(String name, String rule) {
        return new TrackerException(action + ": " + name + " " + rule);
    }
}
