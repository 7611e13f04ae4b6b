package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.bool;
import static dev.karuta.app.config.ValueParser.hexKey;
import static dev.karuta.app.config.ValueParser.integer;
import static dev.karuta.app.config.ValueParser.ipLiteral;
import static dev.karuta.app.config.ValueParser.oneOf;

import java.util.List;

/** The keys of the UDP frontend (BEP 15). */
public final class UdpKeys {
    public static final Key<Boolean> ENABLED = Key.of("karuta.udp.enabled", "true", bool(),
            "whether the webapp starts its UDP tracker");
    public static final Key<String> HOST = Key.of("karuta.udp.host", "::", ipLiteral(),
            "address the UDP tracker binds (`::` serves IPv6 and IPv4)");
    public static final Key<Integer> PORT = Key.of("karuta.udp.port", "6969", integer(0, 65535),
            "UDP port (0: any free port)");
    public static final Key<Integer> WORKERS = Key.of("karuta.udp.workers", "0", integer(0, 64),
            "receive threads, each with its own socket on the port (`SO_REUSEPORT`); 0: one per CPU the JVM "
            + "may use, at most 8 (one on a server pinned to one CPU)");
    public static final Key<String> TRANSPORT = Key.of("karuta.udp.transport", "auto", oneOf("auto", "epoll", "jdk"),
            "sockets of the UDP tracker: `epoll` (Netty's native transport, `recvmmsg`/`sendmmsg` batches; "
            + "an error where it cannot load), `jdk` (one system call per packet), `auto` (epoll where it loads)");
    public static final Key<Integer> CONNECTION_ID_LIFETIME = Key.of("karuta.udp.connectionIdLifetime", "300",
            integer(60, 86_400),
            "seconds a UDP connection ID stays valid (BEP 15 says 120; clients reuse them longer)");
    public static final Key<byte[]> SECRET = Key.of("karuta.udp.secret", "", hexKey(),
            "32 hex digits: the connection-ID key, shared by nodes behind one address; never logged")
            .defaultDoc("(random per start)")
            .secret();

    static final List<Key<?>> ALL = List.of(ENABLED, HOST, PORT, WORKERS, TRANSPORT, CONNECTION_ID_LIFETIME, SECRET);

    private UdpKeys() {
    }
}
