package dev.karuta.accounts.gazelle;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.Cleanup;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Gazelle store tests share: fresh site databases and open stores, closed and dropped after
 * each test (newest first), and ids made from small numbers.
 */
abstract class GazelleTestBase {
    @TempDir
    Path tmp;

    private final Cleanup cleanup = new Cleanup();

    /** A fresh site database of {@code schema}, dropped after the test. */
    GazelleSite site(GazelleSchema schema) throws Exception {
        return closeLater(GazelleSite.create(schema, tmp));
    }

    /** A store on {@code settings}, closed after the test. */
    GazelleStore open(GazelleSettings settings) {
        return closeLater(GazelleStore.open(settings, TimeSource.SYSTEM));
    }

    /** Closes {@code closeable} after the test, before what was registered earlier. */
    <T extends AutoCloseable> T closeLater(T closeable) {
        cleanup.push(closeable);
        return closeable;
    }

    /** A valid passkey ending in {@code n}. */
    static String passkey(int n) {
        String digits = Integer.toString(n);
        return "k".repeat(32 - digits.length()) + digits;
    }

    /** Twenty bytes, each {@code b}. */
    static byte[] bytes20(int b) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }

    static InfoHash hash(int b) {
        return InfoHash.of(bytes20(b));
    }

    static PeerId peerId(int b) {
        return PeerId.of(bytes20(b));
    }

    @AfterEach
    void cleanUp() throws Exception {
        cleanup.close();
    }
}
