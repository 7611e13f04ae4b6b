package dev.karuta.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 keystore made by the JDK's {@code keytool}, as docs/deployment.md tells an operator to: an EC
 * key and a self-signed certificate for {@code 127.0.0.1} (a subject alternative name, so that a client
 * checking the host name accepts it), under the alias {@value #ALIAS} and a fresh random password; and
 * a client {@link SSLContext} that trusts that certificate and nothing else.
 *
 * @param file     the keystore
 * @param password its password (the key's too)
 */
public record SelfSignedKeystore(Path file, String password) {
    public static final String ALIAS = "karuta";

    /** Runs keytool to write a new keystore to {@code file}; skips (or fails, when required) without keytool. */
    public static SelfSignedKeystore generate(Path file) throws Exception {
        Path keytool = ExternalTools.requireJdkTool("keytool");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-noprompt")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(file)) {
            p.destroyForcibly();
            throw new AssertionError("keytool did not make " + file + ":\n" + output);
        }
        return new SelfSignedKeystore(file, password);
    }

    /** A TLS context for clients that trusts this keystore's certificate only. */
    public SSLContext trustingIt() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, password.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
