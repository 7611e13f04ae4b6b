package dev.karuta.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A readiness answer: every part's state, and the node ready when every part is up.
 *
 * @param parts each part's state by name, in the order they were checked
 */
public record Report(Map<String, Status> parts) {
    public Report {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** Whether every part is up (a node with no part to check is ready). */
    public boolean ready() {
        return parts.values().stream().allMatch(Status::isUp);
    }

    /** The answer's JSON object: {@code {"status": "up"|"down", "parts": {"name": {"status": ..., ...}}}}. */
    public Map<String, Object> json() {
        Map<String, Object> shown = new LinkedHashMap<>();
        parts.forEach((name, status) -> shown.put(name, status.json()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", ready() ? "up" : "down");
        out.put("parts", shown);
        return out;
    }
}
