-- The numbers of the accounting flushes written, so that a flush retried after an unknown outcome
-- (connection lost during the commit) is written once. See dev.karuta.store.FlushLog.
CREATE TABLE karuta_flushes (
    flush_id BIGINT NOT NULL,
    written_at BIGINT NOT NULL,
    PRIMARY KEY (flush_id)
);
CREATE INDEX karuta_flushes_written ON karuta_flushes (written_at);
