package dev.karuta.swarm.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureLogTest {
    private final Logger logger = Logger.getLogger(FailureLogTest.class.getName() + ".log");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong now = new AtomicLong();
    private final FailureLog log = new FailureLog(logger, now::get, Duration.ofMinutes(1));

    @BeforeEach
    void capture() {
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anOutageIsOneLineThenOneSummaryAMinuteThenOneLineWhenItEnds() {
        log.succeeded();
        assertTrue(records.isEmpty(), "nothing while nothing fails");
        for (int i = 0; i < 500; i++) {
            log.failed(new IOException("connection refused " + i));
            advance(Duration.ofMillis(100)); // 50 s in all
        }
        assertEquals(1, records.size(), "one line for the first 50 s of failures");
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().contains("connection refused 0"), records.get(0).getMessage());

        advance(Duration.ofSeconds(10));
        log.failed(new IOException("connection refused 500"));
        assertEquals(2, records.size(), "a summary once the minute is over");
        assertEquals(Level.WARNING, records.get(1).getLevel());
        assertTrue(records.get(1).getMessage().contains("500 requests failed since the last line"),
                records.get(1).getMessage());
        assertTrue(records.get(1).getMessage().contains("connection refused 500"), records.get(1).getMessage());
        log.failed(new IOException("connection refused 501"));
        assertEquals(2, records.size(), "the next minute starts with the summary");

        log.succeeded();
        log.succeeded();
        assertEquals(3, records.size(), "one line when Redis answers again");
        assertEquals(Level.INFO, records.get(2).getLevel());
        assertTrue(records.get(2).getMessage().contains("requests failed meanwhile: 502"), records.get(2).getMessage());

        advance(Duration.ofMinutes(5));
        log.failed(new IOException("timeout"));
        assertEquals(4, records.size(), "a new outage after a quiet time is logged at once");
        assertTrue(records.get(3).getMessage().contains("unavailable: java.io.IOException: timeout"),
                records.get(3).getMessage());
    }

    @Test
    void aSwarmThatFailsNowAndThenAmongGoodOnesIsAtMostTwoLinesAMinute() {
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 600; i++) {
                if (i % 10 == 0) {
                    log.failed(new IllegalStateException("announce script failed: WRONGTYPE"));
                }
                log.succeeded();
                advance(Duration.ofMillis(100));
            }
        }
        assertTrue(records.size() <= 6, "at most two lines a minute: " + records.size());
        long warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
        assertEquals(3, warnings, "a failure line every minute the failures go on");
        String all = records.stream().map(LogRecord::getMessage).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(all.contains("59 requests failed since the last line") || all.contains("60 requests failed since the last line"),
                "the failures between lines are counted: " + all);
    }
}
