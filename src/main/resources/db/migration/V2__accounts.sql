-- Karuta's own private tracker (dev.karuta.store.JdbcAccountsStore): members, torrents, freeleech
-- tokens, snatches and peer rows, as Ocelot keeps them in Gazelle's users_main, torrents_leech_stats,
-- users_freeleeches, xbt_snatched, xbt_files_users and xbt_client_whitelist. Placeholders as in V1,
-- plus ${timestamp}: a date and time without zone, written in UTC (DATETIME on MariaDB, whose
-- TIMESTAMP would follow the session's zone and stop in 2038).

-- Members. A deleted member keeps their row and totals, and gives up their passkey only when another
-- member is saved with it; saving the same id again revives them.
CREATE TABLE karuta_users (
    id INTEGER NOT NULL,
    passkey CHAR(32) ${ascii} NULL,
    can_leech BOOLEAN NOT NULL,
    visible BOOLEAN NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded BIGINT NOT NULL DEFAULT 0,
    downloaded BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT karuta_users_passkey UNIQUE (passkey),
    CONSTRAINT karuta_users_live_passkey CHECK (deleted = TRUE OR passkey IS NOT NULL)
);

-- Registered torrents: info_hash as 40 lower-case hex digits, free_state 0 normal, 1 freeleech,
-- 2 neutral; the live counts (replaced at each flush), the totals (added to), and when it last had
-- a seeder.
CREATE TABLE karuta_torrents (
    id INTEGER NOT NULL,
    info_hash CHAR(40) ${ascii} NOT NULL,
    free_state SMALLINT NOT NULL DEFAULT 0,
    snatched BIGINT NOT NULL DEFAULT 0,
    seeders INTEGER NOT NULL DEFAULT 0,
    leechers INTEGER NOT NULL DEFAULT 0,
    balance BIGINT NOT NULL DEFAULT 0,
    last_action ${timestamp} NULL,
    PRIMARY KEY (id),
    CONSTRAINT karuta_torrents_info_hash UNIQUE (info_hash),
    CONSTRAINT karuta_torrents_free_state CHECK (free_state IN (0, 1, 2))
);

-- Freeleech tokens: what was downloaded under each, and whether it is used up or taken back.
CREATE TABLE karuta_tokens (
    user_id INTEGER NOT NULL,
    torrent_id INTEGER NOT NULL,
    downloaded BIGINT NOT NULL DEFAULT 0,
    expired BOOLEAN NOT NULL DEFAULT FALSE,
    created ${timestamp} NOT NULL,
    PRIMARY KEY (user_id, torrent_id)
);

-- Completed downloads, one row per member and snatch (Gazelle's xbt_snatched; V1's karuta_snatches
-- holds a count per torrent): when (epoch seconds) and from where (text, IPv6 fits; empty for members
-- who are not visible).
CREATE TABLE karuta_user_snatches (
    user_id INTEGER NOT NULL,
    torrent_id INTEGER NOT NULL,
    snatched_at BIGINT NOT NULL,
    ip VARCHAR(45) NOT NULL
);
CREATE INDEX karuta_user_snatches_torrent ON karuta_user_snatches (torrent_id);
CREATE INDEX karuta_user_snatches_user ON karuta_user_snatches (user_id, snatched_at);

-- One row per peer (a member's client on a torrent) as its last announce left it: the client's
-- session totals, speeds in bytes per second, times in epoch seconds. active is false once it
-- stopped or expired. The start reads the active rows by mtime.
CREATE TABLE karuta_peers (
    user_id INTEGER NOT NULL,
    torrent_id INTEGER NOT NULL,
    peer_id CHAR(40) ${ascii} NOT NULL,
    active BOOLEAN NOT NULL,
    uploaded BIGINT NOT NULL,
    downloaded BIGINT NOT NULL,
    up_speed BIGINT NOT NULL,
    down_speed BIGINT NOT NULL,
    remaining BIGINT NOT NULL,
    time_spent BIGINT NOT NULL,
    announces INTEGER NOT NULL,
    ip VARCHAR(45) NOT NULL,
    user_agent VARCHAR(64) NOT NULL,
    mtime BIGINT NOT NULL,
    PRIMARY KEY (user_id, torrent_id, peer_id)
);
CREATE INDEX karuta_peers_torrent ON karuta_peers (torrent_id);
CREATE INDEX karuta_peers_active ON karuta_peers (active, mtime);

-- The peer_id prefixes of allowed clients; none: every client is allowed.
CREATE TABLE karuta_client_whitelist (
    prefix VARCHAR(20) ${ascii} NOT NULL,
    PRIMARY KEY (prefix)
);
