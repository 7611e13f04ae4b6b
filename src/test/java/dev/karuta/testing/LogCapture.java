package dev.karuta.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged through {@code java.util.logging} while it is open (Karuta's {@code System.Logger}s
 * end there), Karuta's own loggers down to their finest level ({@code DEBUG} included): each record as
 * a log file would show it, message formatted with its parameters, and its exception's stack trace with
 * every cause's message.
 */
public final class LogCapture implements AutoCloseable {
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger KARUTA = Logger.getLogger("dev.karuta");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level karutaLevel = KARUTA.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        KARUTA.setLevel(Level.ALL);
        ROOT.addHandler(handler);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Each record so far as a log file shows it: logger, level, formatted message, stack trace. */
    public List<String> texts() {
        SimpleFormatter format = new SimpleFormatter();
        List<String> texts = new ArrayList<>();
        for (LogRecord r : records) {
            StringBuilder text = new StringBuilder(r.getLoggerName() + " " + r.getLevel() + ": " + format.formatMessage(r));
            // The raw message and parameters too, in case a pattern would hide a parameter.
            text.append(" | ").append(r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    text.append(" | ").append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Override
    public void close() {
        ROOT.removeHandler(handler);
        KARUTA.setLevel(karutaLevel);
    }
}
