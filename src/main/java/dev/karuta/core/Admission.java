package dev.karuta.core;

/**
 * What the admission hooks decided about one announce, read by the registry step and the after-hooks:
 * whose peer it is, whether it joins the swarms, and what the hook that admitted it noted for later.
 * Made per announce and confined to it.
 */
public final class Admission {
    private int owner = Swarms.NO_OWNER;
    private TrackerException refusal;
    private Object note;

    /** The peer's owner for the registry ({@link Swarms#NO_OWNER} unless a hook named one). */
    public int owner() {
        return owner;
    }

    /** Records the peer as {@code owner}'s: the registry hands it none of the same owner's peers. */
    public void owner(int id) {
        this.owner = id;
    }

    /**
     * Keeps the announce out of the swarms and answers it with {@code reason} once the after-hooks ran
     * (a private tracker still accounts what a user who may not download reports).
     */
    public void refuseAfterHooks(TrackerException reason) {
        this.refusal = reason;
    }

    /** The refusal to answer after the hooks, or null when the announce goes to the registry. */
    public TrackerException refusal() {
        return refusal;
    }

    /** What the admitting hook noted for its after-step (private mode: the user and torrent), or null. */
    public Object note() {
        return note;
    }

    /** Notes {@code value} for the after-hooks. */
    public void note(Object value) {
        this.note = value;
    }
}
