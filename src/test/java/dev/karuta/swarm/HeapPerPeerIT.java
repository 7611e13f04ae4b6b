package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bench.HeapPerPeer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's memory bound, kept: the in-memory registry holds 1M peers over 100k swarms (one of 200k,
 * the rest Zipf-like; IPv4, IPv6 and dual-stack) in at most {@value HeapPerPeer#BOUND} bytes of heap a
 * peer, measured after full GCs (a figure, not a time) by {@link HeapPerPeer} in a JVM of its own, with
 * the parallel collector as {@code bench/heap.sh} runs it (under G1 the largest swarm's arrays are
 * humongous objects and round up to whole regions).
 */
class HeapPerPeerIT {
    private static final Pattern FIGURE = Pattern.compile("-> ([0-9.]+) bytes per peer");

    @Test
    void aMillionPeersTakeAtMostTheBoundEach() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), HeapPerPeer.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        System.out.print(output);
        Matcher figure = FIGURE.matcher(output);
        assertTrue(figure.find(), "no figure in: " + output);
        double perPeer = Double.parseDouble(figure.group(1));
        assertTrue(perPeer <= HeapPerPeer.BOUND, perPeer + " bytes per peer, over " + HeapPerPeer.BOUND);
        assertEquals(0, exit, output);
    }
}
