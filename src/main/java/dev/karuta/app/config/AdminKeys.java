package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.addresses;
import static dev.karuta.app.config.ValueParser.bool;

import dev.karuta.http.TrustedProxies;
import java.util.List;

/** The keys of the operator's side: the first admin login and who may read {@code /metrics}. */
public final class AdminKeys {
    public static final Key<Boolean> CREATE_LOGIN = Key.of("karuta.admin.createLogin", "true", bool(),
            "on Jetty, the first start writes user `admin` with a random password (logged once) into the realm"
                    + " file when it holds no user");
    public static final Key<Boolean> METRICS_ENABLED = Key.of("karuta.metrics.enabled", "true", bool(),
            "whether `/metrics` serves Prometheus metrics (false: it answers 404 and nothing is recorded)");
    public static final Key<TrustedProxies> METRICS_ALLOW_FROM = Key.of("karuta.metrics.allowFrom", "", addresses(),
            "comma-separated addresses/CIDRs allowed to read `/metrics`, e.g. `127.0.0.1/32,10.0.0.0/8,::1/128`;"
                    + " others get 403")
            .defaultDoc("(everyone)");

    static final List<Key<?>> ALL = List.of(CREATE_LOGIN, METRICS_ENABLED, METRICS_ALLOW_FROM);

    private AdminKeys() {
    }
}
