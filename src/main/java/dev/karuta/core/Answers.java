package dev.karuta.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Helpers for answers that come as a {@link CompletionStage}: unwrapping failures, waiting when a caller must. */
public final class Answers {
    private Answers() {
    }

    /** {@code answer}'s result as a done stage, or its failure as a failed one: an answer that is there at once. */
    public static <T> CompletionStage<T> now(Supplier<T> answer) {
        try {
            return CompletableFuture.completedFuture(answer.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The failure itself, without the {@link CompletionException} or {@link ExecutionException} around it. */
    public static Throwable cause(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The answer of {@code stage}, waiting for it without a bound (the stage's producer bounds it);
     * its failure is rethrown as it was when it is unchecked, wrapped in a {@link CompletionException}
     * otherwise.
     */
    public static <T> T join(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        try {
            return f.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }
}
