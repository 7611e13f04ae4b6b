package dev.karuta.health;

import java.util.function.Supplier;

/**
 * One part of the node that readiness looks at. A check answers from state the node keeps anyway (a
 * socket's, the flusher's) or from one bounded, shared question to its server; it never makes a
 * database round trip and never waits past its own bound.
 */
public interface Check {
    /** The part's name in the answer ({@code registry}, {@code udp}, {@code accounts}). */
    String name();

    /** The part's state now. */
    Status check();

    /** A check called {@code name} answering {@code status}. */
    static Check of(String name, Supplier<Status> status) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                return status.get();
            }
        };
    }
}
