package dev.karuta.accounts;

/**
 * A flush kept whole under its number until the store has it: written as it is, never merged with
 * anything, so that writing it again after an unknown outcome (or after a crash, from a file) counts
 * it once. Its accounting belongs to this number alone, in memory and in every file that keeps it.
 *
 * @param id    the flush number the store records with it
 * @param batch what it writes
 */
public record KeptFlush(long id, Batch batch) {
}
