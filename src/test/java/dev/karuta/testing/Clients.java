package dev.karuta.testing;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The HTTP client the test clients share the settings of: a connect timeout, and the TLS trust of https:// tests. */
final class Clients {
    private Clients() {
    }

    /** A client trusting what {@code tls} trusts (null: the JVM's default trust). */
    static HttpClient http(SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }
}
