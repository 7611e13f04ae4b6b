package dev.karuta.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientSuppliedAddressTest {
    private final ClientSuppliedAddress policy = ClientSuppliedAddress.DEFAULT;

    private static byte[] ip(String literal) throws Exception {
        return InetAddress.getByName(literal).getAddress();
    }

    /** Raw 16 bytes, even where Java would turn the literal into an IPv4 address. */
    private static byte[] mapped(int a, int b, int c, int d, boolean compatible) {
        byte[] v = new byte[16];
        if (!compatible) {
            v[10] = (byte) 0xff;
            v[11] = (byte) 0xff;
        }
        v[12] = (byte) a;
        v[13] = (byte) b;
        v[14] = (byte) c;
        v[15] = (byte) d;
        return v;
    }

    @ParameterizedTest
    @CsvSource({
        // supplied, from a public requester, from a private requester
        "198.51.100.9, true, true",
        "2001:db8::5, true, true",
        "127.0.0.1, false, false",
        "::1, false, false",
        "0.0.0.0, false, false",
        "::, false, false",
        "169.254.0.1, false, false",
        "fe80::1, false, false",
        "224.0.0.1, false, false",
        "ff02::1, false, false",
        "255.255.255.255, false, false",
        "10.0.0.1, false, true",
        "172.20.0.1, false, true",
        "192.168.0.1, false, true",
        "100.100.0.1, false, true",
        "fd00::1, false, true",
        "172.32.0.1, true, true",
        "100.128.0.1, true, true",
        // IPv6 addresses carrying an IPv4 one for a relay or a gateway
        "2002:c633:6409::1, false, false",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, false, false",
        "64:ff9b::c0a8:1, false, false",
        "64:ff9b:1::a00:1, false, false",
        // their neighbours stay public
        "2003::1, true, true",
        "2001:1::1, true, true",
        "64:ff9b:2::1, true, true",
        "64:ff9b::1:0:0:1, true, true",
    })
    void refusesWhatNoPeerShouldBeSentToAndPrivateSpaceFromPublicRequesters(String supplied, boolean fromPublic,
                                                                           boolean fromPrivate) throws Exception {
        assertEquals(fromPublic, policy.accepts(ip(supplied), ip("203.0.113.7")), "from a public v4 requester");
        assertEquals(fromPublic, policy.accepts(ip(supplied), ip("2001:db8::7")), "from a public v6 requester");
        assertEquals(fromPrivate, policy.accepts(ip(supplied), ip("192.168.5.5")), "from a private v4 requester");
        assertEquals(fromPrivate, policy.accepts(ip(supplied), ip("fd00::7")), "from a unique-local requester");
        assertEquals(fromPrivate, policy.accepts(ip(supplied), ip("127.0.0.1")), "from loopback");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void ipv4MappedAndCompatibleIpv6AreNeverBelieved(boolean compatible) throws Exception {
        assertEquals(false, policy.accepts(mapped(198, 51, 100, 9, compatible), ip("203.0.113.7")));
        assertEquals(false, policy.accepts(mapped(198, 51, 100, 9, compatible), ip("10.0.0.7")));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void theOtherFamilySwitchIsTheOperators(boolean allowed) {
        assertEquals(allowed, new ClientSuppliedAddress(allowed).otherFamily());
    }
}
