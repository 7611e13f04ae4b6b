package dev.karuta.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded run's first admin login, checked against Jetty's own realm that reads it. */
class AdminLoginTest {
    @TempDir
    Path dir;

    private UserIdentity login(Path realmFile, String user, String password) throws Exception {
        HashLoginService realm = new HashLoginService("Karuta", ResourceFactory.root().newResource(realmFile));
        realm.start();
        try {
            return realm.login(user, password, null, create -> null);
        } finally {
            realm.stop();
        }
    }

    @Test
    void theFirstStartWritesAHashedLoginThatJettyAccepts() throws Exception {
        Path data = dir.resolve("data");
        String password = AdminLogin.ensure(data);
        assertNotNull(password);
        assertTrue(password.length() >= 24, "a long random password");
        Path file = data.resolve(AdminLogin.FILE);
        String content = Files.readString(file);
        assertFalse(content.contains(password), "only the hash is stored");
        assertTrue(content.contains("admin: MD5:"), content);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        UserIdentity admin = login(file, "admin", password);
        assertNotNull(admin, "Jetty's HashLoginService accepts the logged password");
        assertTrue(admin.isUserInRole("karuta-admin"));
        assertNull(login(file, "admin", password + "x"));
    }

    @Test
    void anExistingLoginIsNeverReplaced() throws Exception {
        String first = AdminLogin.ensure(dir);
        String before = Files.readString(dir.resolve(AdminLogin.FILE));
        assertNull(AdminLogin.ensure(dir), "no second password");
        assertEquals(before, Files.readString(dir.resolve(AdminLogin.FILE)));
        assertNotNull(login(dir.resolve(AdminLogin.FILE), "admin", first));
    }

    @Test
    void anOperatorsOwnRealmFileIsLeftAlone() throws Exception {
        Path file = dir.resolve(AdminLogin.FILE);
        Files.writeString(file, "# mine\nalice: secret,karuta-admin\n");
        assertNull(AdminLogin.ensure(dir));
        assertEquals("# mine\nalice: secret,karuta-admin\n", Files.readString(file));
    }

    @Test
    void theEmptyFileThatJettysRealmCreatedGetsTheLogin() throws Exception {
        Files.createFile(dir.resolve(AdminLogin.FILE));
        assertNotNull(AdminLogin.ensure(dir));
        assertTrue(Files.readString(dir.resolve(AdminLogin.FILE)).contains("karuta-admin"));
    }
}
