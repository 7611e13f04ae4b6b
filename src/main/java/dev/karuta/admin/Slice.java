package dev.karuta.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * One page of the rows that match, in order, taken in one pass that keeps only the first
 * {@code offset + limit} (so a page of a million users costs no full sort).
 *
 * @param total how many rows match
 * @param rows  the page
 */
record Slice<T>(long total, List<T> rows) {
    /** Largest page. */
    static final int MAX_LIMIT = 500;

    /** The rows of {@code all} matching {@code match} in {@code order}, skipping {@code offset}, at most {@code limit}. */
    static <T> Slice<T> of(Iterable<T> all, Predicate<? super T> match, Comparator<? super T> order, int offset,
                           int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("offset must be >= 0 and limit 1.." + MAX_LIMIT);
        }
        int keep = (int) Math.min((long) offset + limit, Integer.MAX_VALUE - 8);
        // The best `keep` rows with the worst on top, so each row costs O(log keep).
        PriorityQueue<T> best = new PriorityQueue<>(Math.min(keep, 1024), order.reversed());
        long total = 0;
        for (T row : all) {
            if (!match.test(row)) {
                continue;
            }
            total++;
            if (best.size() < keep) {
                best.add(row);
            } else if (order.compare(row, best.peek()) < 0) {
                best.poll();
                best.add(row);
            }
        }
        List<T> sorted = new ArrayList<>(best);
        sorted.sort(order);
        return new Slice<>(total, offset >= sorted.size() ? List.of() : List.copyOf(sorted.subList(offset, sorted.size())));
    }
}
