package dev.karuta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy forwards bytes both ways, cuts and holds connections while blocked, and leaves no thread. */
class TcpProxyTest {
    private ServerSocket echo;
    private Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (true) {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream();
                     OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    if (echo.isClosed()) {
                        return;
                    }
                }
            }
        }, "echo");
        echoThread.start();
    }

    @AfterEach
    void stopEcho() throws Exception {
        echo.close();
        echoThread.join(10_000);
    }

    @Test
    void forwardsBothWaysAndCountsWhatClientsSend() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort()); Socket s = connect(proxy)) {
            assertEquals("hello", roundTrip(s, "hello"));
            assertEquals(5, proxy.bytesSent());
        }
    }

    @Test
    void blockClosesOpenConnectionsAndHoldsNewOnesUntilUnblocked() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort())) {
            Socket before = connect(proxy);
            assertEquals("a", roundTrip(before, "a"));
            proxy.block();
            assertEquals(-1, before.getInputStream().read(), "the open connection was closed");
            before.close();

            Socket during = connect(proxy);
            during.getOutputStream().write("b".getBytes());
            during.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> during.getInputStream().read(), "held silent");
            proxy.unblock();
            during.setSoTimeout(10_000);
            assertEquals('b', during.getInputStream().read(), "forwarded once unblocked");
            during.close();
        }
    }

    @Test
    void blockAfterCutsTheConnectionAtTheChosenByte() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort()); Socket s = connect(proxy)) {
            proxy.blockAfter(4);
            assertEquals("abc", roundTrip(s, "abc"));
            s.getOutputStream().write("de".getBytes());
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "the chunk that crossed the limit was not delivered");
        }
    }

    @Test
    void closeLeavesNoThread() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());
        Socket s = connect(proxy);
        assertEquals("x", roundTrip(s, "x"));
        proxy.block();
        Socket held = connect(proxy);
        proxy.close();
        s.close();
        held.close();
        assertEquals(Set.of(), threadsNamed("tcp-proxy-"));
    }

    private static Socket connect(TcpProxy proxy) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        byte[] back = new byte[text.length()];
        new DataInputStream(s.getInputStream()).readFully(back);
        assertTrue(back.length > 0);
        return new String(back);
    }

    private static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }
}
