package dev.karuta.app;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The embedded run's first admin login: when the Jetty realm file that {@code etc/karuta-realm.xml}
 * reads ({@value #FILE} in the data directory) holds no user, writes user {@value #USER} with a
 * random password, stored only as its hash, and logs the password this once. Never overwrites a
 * file that has a user, so an operator's own users and passwords stay as they are.
 */
public final class AdminLogin {
    /** The realm file's name in the data directory. */
    public static final String FILE = "admin-realm.properties";
    /** The user created on first start. */
    public static final String USER = "admin";
    /** The role that {@code web.xml} requires for {@code /admin/*}. */
    public static final String ROLE = "karuta-admin";

    private static final System.Logger LOG = System.getLogger(AdminLogin.class.getName());

    private AdminLogin() {
    }

    /**
     * Creates the first login in {@code dataDir} if the realm file has none; returns the new password, or
     * null when a user already exists.
     */
    public static String ensure(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file) && hasUser(Files.readAllLines(file, StandardCharsets.UTF_8))) {
            return null;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String content = "# Karuta admin realm (Jetty HashLoginService format: user: password,role).\n"
                + "# Created on first start with a random password, stored as its MD5 hash. To change it, replace\n"
                + "# the hash with a new password (plain, or MD5:/CRYPT: as Jetty's Credential reads).\n"
                + USER + ": MD5:" + md5(password) + "," + ROLE + "\n";
        Path temp = Files.createTempFile(dataDir, FILE, ".tmp");
        try {
            ownerOnly(temp);
            Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.log(Level.WARNING, "Karuta admin login created: user \"" + USER + "\", password \"" + password
                + "\" (shown only now; stored hashed in " + file + "). Open /admin/ to log in.");
        return password;
    }

    /** Whether a realm file's lines define at least one user. */
    static boolean hasUser(List<String> lines) {
        for (String line : lines) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && t.contains(":")) {
                return true;
            }
        }
        return false;
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the directory's own protection applies.
        }
    }

    static String md5(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(password.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
