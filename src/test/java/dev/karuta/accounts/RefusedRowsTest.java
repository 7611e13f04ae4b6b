package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.PeerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused rows are kept aside: one line each in the file, counted by kind, and logged once per row
 * (a user stuck at the column's limit is refused at every flush and must not flood the log).
 */
class RefusedRowsTest {
    @TempDir
    Path dir;

    @Test
    void eachRefusedRowIsKeptCountedAndLoggedOnceWithoutIpOrUserAgent() throws Exception {
        RefusedRows rows = new RefusedRows(dir.resolve(RefusedRows.FILE_NAME));
        Batch.PeerRow peer = new Batch.PeerRow(3, 10, PeerId.fromHex("2d71423431302d" + "0".repeat(25) + "1"), true,
                Long.MAX_VALUE, 0, 0, 0, 0, 0, 1, "192.0.2.7", "SecretClient/1.0", 1_700_000_000L);
        List<String> logged = logged(() -> {
            for (int flush = 0; flush < 5; flush++) {
                rows.keep(flush, List.of(new Refusal("karuta_users", new Batch.UserDelta(1, Long.MAX_VALUE, 0),
                        "ERROR: bigint out of range\n  Where: somewhere")));
            }
            rows.keep(9, List.of(new Refusal("karuta_peers", peer, "out of range"),
                    new Refusal("karuta_torrents", new Batch.TorrentDelta(10, 1, 2, 0, -5), "out of range")));
            rows.keep(10, List.of());
        });

        assertEquals(7, rows.total());
        assertEquals(5, rows.count("user"));
        assertEquals(1, rows.count("peer"));
        assertEquals(1, rows.count("torrent"));
        assertEquals(3, logged.size(), "one line per row refused, the repeated user's once: " + logged);
        List<String> lines = Files.readAllLines(rows.file());
        assertEquals(7, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\S+Z flush 0 karuta_users user 1: uploaded \\+9223372036854775807,"
                + " downloaded \\+0 refused: ERROR: bigint out of range Where: somewhere"), lines.get(0));
        assertTrue(lines.get(6).contains("karuta_torrents torrent 10: seeders 1, leechers 2, snatched +0, balance -5"),
                lines.get(6));
        for (String line : lines) {
            assertTrue(!line.contains("192.0.2.7") && !line.contains("SecretClient"), line);
        }
        for (String line : logged) {
            assertTrue(!line.contains("192.0.2.7") && !line.contains("SecretClient"), line);
        }
    }

    private static List<String> logged(Runnable action) {
        List<String> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().equals(RefusedRows.class.getName())) {
                    records.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RefusedRows.class.getName());
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records;
    }
}
