package dev.karuta.accounts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes that survive a crash or a power loss once they return, for the files that keep accounting:
 * the bytes forced to the disk ({@link FileChannel#force}), and a new or renamed file's directory
 * entry too (the directory opened and forced, as Linux allows; where a directory cannot be opened, as
 * on Windows, that step is skipped: NTFS journals its renames). And damaged files set aside under a
 * name that says so.
 */
final class DurableFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private DurableFiles() {
    }

    /**
     * Makes {@code file} hold {@code parts} and nothing else: written to a temporary file, forced,
     * moved into place at once and the directory forced, so that a crash leaves the old file or the
     * new one, whole.
     */
    static void replace(Path file, byte[]... parts) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (byte[] part : parts) {
                writeFully(ch, part);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    /** Adds {@code bytes} at the end of {@code file} (which exists) and forces them to the disk. */
    static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeFully(ch, bytes);
            // The data and the new length; the file's directory entry was forced when it was made.
            ch.force(false);
        }
    }

    /** Forces {@code dir}'s entries (a file made, renamed or removed in it) to the disk, where the platform can. */
    static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // A platform that cannot open a directory (Windows) orders its renames itself.
        }
        try (ch) {
            ch.force(true);
        }
    }

    /**
     * Moves (or, with {@code copy}, copies) a damaged {@code file} to
     * {@code <name>.corrupt-<UTC time of epochMillis>} beside it (with {@code -2}, {@code -3}... when
     * taken), for the operator to look at; returns where it went.
     */
    static Path setAside(Path file, long epochMillis, boolean copy) throws IOException {
        String name = file.getFileName() + ".corrupt-" + STAMP.format(Instant.ofEpochMilli(epochMillis));
        Path target = file.resolveSibling(name);
        for (int n = 2; Files.exists(target); n++) {
            target = file.resolveSibling(name + "-" + n);
        }
        if (copy) {
            Files.copy(file, target);
        } else {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(file.toAbsolutePath().getParent());
        return target;
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
