package dev.karuta.ocelot;

/** One action of Ocelot's update API ({@code /<secret>/update?action=<name>&...}). */
@FunctionalInterface
interface UpdateAction {
    /**
     * Reads every parameter, then makes the change; returns the body to answer ({@code success}, or
     * {@code info_torrent}'s JSON).
     *
     * @throws dev.karuta.core.TrackerException when a parameter is missing or malformed; nothing has
     *                                          changed then
     */
    String apply(ControlParams params);
}
