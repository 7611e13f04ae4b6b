package dev.karuta.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How announces are grouped into calls, with a fake call that the test completes by hand. */
class AnnounceBatcherTest {
    /** The calls made, each the packed arguments it carried, and their futures. */
    private final List<List<String>> calls = new ArrayList<>();
    private final List<CompletableFuture<List<Object>>> futures = new ArrayList<>();

    private CompletableFuture<List<Object>> send(List<AnnounceBatcher.Pending> batch) {
        List<String> args = new ArrayList<>();
        for (AnnounceBatcher.Pending p : batch) {
            args.add(new String(p.packed));
        }
        calls.add(args);
        CompletableFuture<List<Object>> f = new CompletableFuture<>();
        futures.add(f);
        return f;
    }

    private static List<Object> echo(List<String> args) {
        List<Object> out = new ArrayList<>();
        for (String a : args) {
            out.add(("re " + a).getBytes());
        }
        return out;
    }

    private static CompletableFuture<byte[]> submit(AnnounceBatcher b, String packed) {
        return b.submit("k".getBytes(), packed.getBytes());
    }

    @Test
    void anAnnounceGoesAtOnceWhenNoCallIsInFlight() throws Exception {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 1, 64, 1000);
        CompletableFuture<byte[]> a = submit(b, "a");
        assertEquals(List.of(List.of("a")), calls);
        futures.get(0).complete(echo(calls.get(0)));
        assertArrayEquals("re a".getBytes(), a.get());
        CompletableFuture<byte[]> c = submit(b, "c");
        assertEquals(List.of("c"), calls.get(1), "the slot was freed: sent at once again");
        futures.get(1).complete(echo(calls.get(1)));
        assertArrayEquals("re c".getBytes(), c.get());
    }

    @Test
    void announcesArrivingDuringACallGoTogetherInTheNextOneInOrder() throws Exception {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 1, 3, 1000);
        CompletableFuture<byte[]> a = submit(b, "a");
        List<CompletableFuture<byte[]>> later = new ArrayList<>();
        for (String s : List.of("b", "c", "d", "e")) {
            later.add(submit(b, s));
        }
        assertEquals(1, calls.size(), "nothing more is sent while the call is in flight");
        futures.get(0).complete(echo(calls.get(0)));
        assertArrayEquals("re a".getBytes(), a.get());
        assertEquals(List.of("b", "c", "d"), calls.get(1), "at most maxBatch in one call");
        futures.get(1).complete(echo(calls.get(1)));
        assertEquals(List.of("e"), calls.get(2));
        futures.get(2).complete(echo(calls.get(2)));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(("re " + "bcde".charAt(i)).getBytes(), later.get(i).get());
        }
        CompletableFuture<byte[]> f = submit(b, "f");
        assertEquals(List.of("f"), calls.get(3), "idle again: sent at once");
        futures.get(3).complete(echo(calls.get(3)));
        assertArrayEquals("re f".getBytes(), f.get());
    }

    @Test
    void anAnnounceWhoseCallerGaveUpIsNotSent() {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 1, 64, 1000);
        submit(b, "a");
        CompletableFuture<byte[]> gone = submit(b, "b");
        submit(b, "c");
        gone.cancel(false);
        futures.get(0).complete(echo(calls.get(0)));
        assertEquals(List.of("c"), calls.get(1));
    }

    @Test
    void aFailedCallFailsEachOfItsAnnouncesAndTheNextCallStillGoes() {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 1, 64, 1000);
        CompletableFuture<byte[]> a = submit(b, "a");
        CompletableFuture<byte[]> c = submit(b, "c");
        CompletableFuture<byte[]> d = submit(b, "d");
        futures.get(0).completeExceptionally(new IllegalStateException("down"));
        ExecutionException e = assertThrows(ExecutionException.class, a::get);
        assertEquals("down", e.getCause().getMessage());
        assertEquals(List.of("c", "d"), calls.get(1));
        futures.get(1).completeExceptionally(new IllegalStateException("still down"));
        assertThrows(ExecutionException.class, c::get);
        assertThrows(ExecutionException.class, d::get);
        submit(b, "e");
        assertEquals(List.of("e"), calls.get(2), "the slot was released");
    }

    @Test
    void callsThatFailAtOnceDoNotStallTheQueue() {
        List<Integer> sizes = new ArrayList<>();
        AnnounceBatcher b = new AnnounceBatcher(batch -> {
            sizes.add(batch.size());
            throw new IllegalStateException("rejected: disconnected");
        }, 2, 64, 1000);
        CompletableFuture<byte[]> a = submit(b, "a");
        CompletableFuture<byte[]> c = submit(b, "c");
        assertTrue(a.isCompletedExceptionally() && c.isCompletedExceptionally(), "failed at once, not queued forever");
        assertEquals(List.of(1, 1), sizes);
    }

    @Test
    void twoCallsInFlightWhenAllowed() {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 2, 64, 1000);
        submit(b, "a");
        submit(b, "b");
        submit(b, "c");
        submit(b, "d");
        assertEquals(List.of(List.of("a"), List.of("b")), calls);
        futures.get(1).complete(echo(calls.get(1)));
        assertEquals(List.of("c", "d"), calls.get(2));
    }

    @Test
    void anAnnounceBeyondTheQueueBoundFailsAtOnceAndTheQueueGoesOn() throws Exception {
        AnnounceBatcher b = new AnnounceBatcher(this::send, 1, 64, 2);
        CompletableFuture<byte[]> a = submit(b, "a");
        CompletableFuture<byte[]> c = submit(b, "c");
        CompletableFuture<byte[]> d = submit(b, "d");
        CompletableFuture<byte[]> e = submit(b, "e");
        assertTrue(e.isCompletedExceptionally(), "two wait already: the third is refused");
        ExecutionException refused = assertThrows(ExecutionException.class, e::get);
        assertTrue(refused.getCause() instanceof AnnounceBatcher.Full, refused.getCause().toString());
        futures.get(0).complete(echo(calls.get(0)));
        assertArrayEquals("re a".getBytes(), a.get());
        assertEquals(List.of("c", "d"), calls.get(1), "the waiting ones went on");
        CompletableFuture<byte[]> f = submit(b, "f");
        assertTrue(!f.isDone(), "room again: queued, not refused");
        futures.get(1).complete(echo(calls.get(1)));
        assertArrayEquals("re d".getBytes(), d.get());
        assertEquals(List.of("f"), calls.get(2));
    }
}
