package dev.karuta.http;

import dev.karuta.core.AnnounceRequest;

/**
 * An announce as parsed from HTTP: the core request plus how the client wants its answer.
 *
 * @param request  the request for the core
 * @param compact  BEP 23 compact peer strings (the default) rather than a list of dictionaries
 * @param noPeerId leave {@code peer id} out of peer dictionaries
 */
public record HttpAnnounce(AnnounceRequest request, boolean compact, boolean noPeerId) {
}
