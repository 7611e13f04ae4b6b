package dev.karuta.swarm.rtc;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;

/**
 * The mailbox of a peer whose connection another node holds: posting relays the text to that node.
 *
 * @param relay the way to the other nodes
 * @param node  the node that holds the peer's connection
 * @param hash  the torrent
 * @param peer  the peer
 */
record RemoteMailbox(Relay relay, String node, InfoHash hash, PeerId peer) implements Mailbox {
    @Override
    public boolean post(String text) {
        return relay.send(node, hash, peer, text);
    }
}
