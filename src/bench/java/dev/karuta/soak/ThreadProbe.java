package dev.karuta.soak;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The live threads of this JVM: how many, and which (to name the ones a run left behind). */
final class ThreadProbe {
    private ThreadProbe() {
    }

    static int count() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** The names of the live threads, sorted, a name once per thread that bears it. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        Collections.sort(names);
        return names;
    }
}
