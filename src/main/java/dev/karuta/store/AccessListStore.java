package dev.karuta.store;

import dev.karuta.policy.ListMode;
import java.util.Collection;
import java.util.Set;

/**
 * Where the access lists an operator entered are kept across restarts. Each write returns once it
 * is durable; a failure is an {@link dev.karuta.sql.StoreException} and the caller leaves memory unchanged.
 */
public interface AccessListStore {
    /** Which list: the torrent list, the client list, or the banned addresses (whose mode is not used). */
    enum Kind { TORRENTS, CLIENTS, BANS }

    /** A list as saved: its mode and entries (lower-case hex info_hashes, client prefixes, or canonical CIDRs). */
    record Saved(ListMode mode, Set<String> entries) {
    }

    /** Keeps nothing: every start begins with empty lists in mode off. */
    AccessListStore NONE = new AccessListStore() {
        @Override
        public Saved load(Kind kind) {
            return new Saved(ListMode.OFF, Set.of());
        }

        @Override
        public void saveMode(Kind kind, ListMode mode) {
        }

        @Override
        public void add(Kind kind, Collection<String> entries) {
        }

        @Override
        public void remove(Kind kind, Collection<String> entries) {
        }
    };

    Saved load(Kind kind);

    void saveMode(Kind kind, ListMode mode);

    /** Adds entries; ones already saved are left as they are. */
    void add(Kind kind, Collection<String> entries);

    /** Removes entries; ones not saved are ignored. */
    void remove(Kind kind, Collection<String> entries);
}
