-- Karuta's store, portable across H2, PostgreSQL and MariaDB/MySQL. The placeholders are filled in
-- per database by dev.karuta.store.Dialect: ${binary4}, ${binary16} and ${binary20} are byte columns
-- of that length, ${ascii} makes an ASCII key column compare case-sensitively (MariaDB's default
-- collation would not).

-- Access lists: the mode of each list (no row: off), and its entries (lower-case hex info_hashes
-- for TORRENTS, peer_id prefixes for CLIENTS).
CREATE TABLE karuta_access_list (
    list_kind VARCHAR(16) ${ascii} NOT NULL,
    list_mode VARCHAR(8) NOT NULL,
    PRIMARY KEY (list_kind)
);

CREATE TABLE karuta_access_entry (
    list_kind VARCHAR(16) ${ascii} NOT NULL,
    entry VARCHAR(64) ${ascii} NOT NULL,
    PRIMARY KEY (list_kind, entry)
);

-- Completed downloads per torrent (scrape "downloaded"), info_hash as 40 lower-case hex digits.
CREATE TABLE karuta_snatches (
    info_hash CHAR(40) ${ascii} NOT NULL,
    snatches BIGINT NOT NULL,
    PRIMARY KEY (info_hash)
);

-- The swarms as a graceful stop left them, read back and deleted by the next start. One metadata
-- row (id 1) says when it was taken (milliseconds since the epoch) and how many peers it holds.
CREATE TABLE karuta_snapshot (
    id INTEGER NOT NULL,
    taken_at_millis BIGINT NOT NULL,
    peers BIGINT NOT NULL,
    PRIMARY KEY (id)
);

-- One row per peer: its address in each family it has (both NULL never happens), its state
-- (0 downloader, 1 partial seed, 2 seeder), how long it had been silent when the snapshot was
-- taken, its announce key (meaningful when has_key) and whether it already counted its snatch.
CREATE TABLE karuta_snapshot_peer (
    info_hash ${binary20} NOT NULL,
    peer_id ${binary20} NOT NULL,
    ipv4 ${binary4} NULL,
    ipv4_port INTEGER NULL,
    ipv6 ${binary16} NULL,
    ipv6_port INTEGER NULL,
    peer_state SMALLINT NOT NULL,
    idle_millis BIGINT NOT NULL,
    peer_key INTEGER NOT NULL,
    has_key BOOLEAN NOT NULL,
    snatched BOOLEAN NOT NULL,
    PRIMARY KEY (info_hash, peer_id)
);
