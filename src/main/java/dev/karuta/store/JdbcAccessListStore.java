package dev.karuta.store;

import dev.karuta.policy.ListMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access lists in the database: one row per list for its mode (none: off), one per entry. Each
 * write is one transaction, durable when the method returns.
 */
public final class JdbcAccessListStore implements AccessListStore {
    /** Longest entry a row holds; client prefixes are at most 20 characters, info_hashes 40 hex digits. */
    static final int MAX_ENTRY = 64;

    private final Database db;

    public JdbcAccessListStore(Database db) {
        this.db = db;
    }

    @Override
    public Saved load(Kind kind) {
        return db.transaction("load the " + label(kind) + " access list", c -> {
            ListMode mode = ListMode.OFF;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT list_mode FROM karuta_access_list WHERE list_kind = ?")) {
                ps.setString(1, kind.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        mode = ListMode.parse(rs.getString(1));
                    }
                }
            }
            TreeSet<String> entries = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT entry FROM karuta_access_entry WHERE list_kind = ?")) {
                ps.setString(1, kind.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(rs.getString(1));
                    }
                }
            }
            return new Saved(mode, Collections.unmodifiableSortedSet(entries));
        });
    }

    @Override
    public void saveMode(Kind kind, ListMode mode) {
        db.transaction("save the " + label(kind) + " list mode", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().saveAccessModeSql())) {
                ps.setString(1, kind.name());
                ps.setString(2, mode.label());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void add(Kind kind, Collection<String> entries) {
        batch(kind, checked(entries), db.dialect().addAccessEntrySql(), "add to the " + label(kind) + " list");
    }

    @Override
    public void remove(Kind kind, Collection<String> entries) {
        batch(kind, new LinkedHashSet<>(entries), "DELETE FROM karuta_access_entry WHERE list_kind = ? AND entry = ?",
                "remove from the " + label(kind) + " list");
    }

    /** Runs {@code sql} with (list kind, entry) for every entry, in one batch and one transaction. */
    private void batch(Kind kind, Set<String> entries, String sql, String what) {
        if (entries.isEmpty()) {
            return;
        }
        db.transaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (String entry : entries) {
                    ps.setString(1, kind.name());
                    ps.setString(2, entry);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The entries without repeats; each is 1 to 64 ASCII characters, as the column holds. */
    private static Set<String> checked(Collection<String> entries) {
        Set<String> distinct = new LinkedHashSet<>(entries);
        for (String e : distinct) {
            boolean printable = e != null && e.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
            if (!printable || e.isEmpty() || e.length() > MAX_ENTRY) {
                throw new IllegalArgumentException("an access-list entry must be 1 to " + MAX_ENTRY
                        + " printable ASCII characters without spaces: " + e);
            }
        }
        return distinct;
    }

    private static String label(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
