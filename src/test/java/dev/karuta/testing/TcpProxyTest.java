package dev.karuta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy forwards bytes both ways, cuts and holds connections while blocked, forwards nothing and
 * closes nothing while silent, and leaves no thread.
 */
class TcpProxyTest {
    private ServerSocket echo;
    private Thread echoThread;
    /** Bytes the echo server received, and connections it saw end. */
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (true) {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream();
                     OutputStream out = s.getOutputStream()) {
                    byte[] buffer = new byte[8192];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        received.addAndGet(n);
                        out.write(buffer, 0, n);
                    }
                    ended.incrementAndGet();
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
    void silenceForwardsNothingClosesNothingAndResumeDeliversWhatWaited() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort())) {
            Socket before = connect(proxy);
            assertEquals("a", roundTrip(before, "a"));
            proxy.silence();
            assertTrue(proxy.silent());
            before.getOutputStream().write("b".getBytes());
            Socket during = connect(proxy);
            during.getOutputStream().write("c".getBytes());
            before.setSoTimeout(300);
            during.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> before.getInputStream().read(),
                    "no answer and no close on the open connection");
            assertThrows(SocketTimeoutException.class, () -> during.getInputStream().read(),
                    "no answer and no close on a new one");
            assertEquals(1, received.get(), "the server got nothing while silent");

            proxy.resume();
            assertFalse(proxy.silent());
            before.setSoTimeout(10_000);
            during.setSoTimeout(10_000);
            assertEquals('b', before.getInputStream().read(), "what waited is delivered");
            before.close(); // the echo server serves one connection at a time
            assertEquals('c', during.getInputStream().read(), "the held connection is forwarded");
            during.close();
        }
    }

    @Test
    void silenceOnceSentDeliversTheMarkerAndHoldsTheAnswerAndTheClose() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort()); Socket s = connect(proxy)) {
            assertEquals("x", roundTrip(s, "x"));
            proxy.silenceOnceSent("COMMIT");
            s.getOutputStream().write("COMMIT".getBytes());
            pollUntil(() -> received.get() == 7, "the marker reached the server");
            assertTrue(proxy.silent());
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "its answer is held");

            proxy.resume();
            s.setSoTimeout(10_000);
            byte[] back = new DataInputStream(s.getInputStream()).readNBytes(6);
            assertEquals("COMMIT", new String(back), "and delivered once the proxy speaks again");
        }
    }

    @Test
    void aCloseWaitsOutTheSilenceToo() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort())) {
            Socket s = connect(proxy);
            assertEquals("x", roundTrip(s, "x"));
            proxy.silence();
            s.close();
            Thread.sleep(300); // a window for a close that must not come
            assertEquals(0, ended.get(), "the server does not see the client's close while silent");
            proxy.resume();
            pollUntil(() -> ended.get() == 1, "the close is delivered once the proxy speaks again");
        }
    }

    @Test
    void closeLeavesNoThreadWhileSilent() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());
        Socket s = connect(proxy);
        assertEquals("x", roundTrip(s, "x"));
        proxy.silence();
        s.getOutputStream().write("y".getBytes());
        Socket held = connect(proxy);
        proxy.close();
        s.close();
        held.close();
        assertEquals(Set.of(), threadsNamed("tcp-proxy-"));
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

    private static void pollUntil(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    private static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }
}
