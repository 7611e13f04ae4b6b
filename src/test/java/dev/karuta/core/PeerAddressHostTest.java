package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerAddressHostTest {
    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:0:0:0:2, 2001:db8::2",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1",
        "fe80:0:0:0:abcd:0:0:0, fe80::abcd:0:0:0",
        "1:0:0:2:0:0:0:0, 1:0:0:2::",
        "192.0.2.33, 192.0.2.33",
    })
    void printsRfc5952(String literal, String expected) throws Exception {
        assertEquals(expected, PeerAddress.of(InetAddress.getByName(literal), 1).host());
    }
}
