package dev.karuta.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogTest {
    /** One line logged: its level and its message. */
    private record LogRecord(Level getLevel, String getMessage) {
    }

    private final List<LogRecord> records = new ArrayList<>();
    /** A logger that keeps what it is given, at every level. */
    private final Logger logger = new Logger() {
        @Override
        public String getName() {
            return FailureLogTest.class.getName() + ".log";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            records.add(new LogRecord(level, msg));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            records.add(new LogRecord(level, params == null || params.length == 0 ? format
                    : MessageFormat.format(format, params)));
        }
    };
    private final AtomicLong now = new AtomicLong();
    private final FailureLog log = new FailureLog(logger, now::get, Duration.ofMinutes(1));

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

    @Test
    void countsEveryFailureAndKnowsWhetherTheLastCallFailed() {
        assertEquals(0, log.failures());
        assertTrue(!log.failing());
        for (int i = 0; i < 5; i++) {
            log.failed(new IOException("connection refused"));
        }
        assertEquals(5, log.failures(), "every failure, logged or only counted");
        assertTrue(log.failing());
        log.succeeded();
        assertTrue(!log.failing(), "one answer and it is up again");
        log.failed(new IOException("timeout"));
        assertEquals(6, log.failures(), "the count never goes back");
    }
}
