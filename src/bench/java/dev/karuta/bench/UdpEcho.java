package dev.karuta.bench;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The UDP limit: one socket that answers a connect with a connect and anything else with a fixed
 * 26-byte announce answer (one peer), doing no tracker work. Usage: {@code UdpEcho PORT}.
 */
public final class UdpEcho {
    private UdpEcho() {
    }

    public static void main(String[] args) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
            System.out.println("UdpEcho listening on " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                out.clear();
                if (in.position() >= 16 && in.getInt(8) == 0) {
                    out.putInt(0).putInt(in.getInt(12)).putLong(0x1122334455667788L);
                } else if (in.position() >= 16) {
                    out.putInt(1).putInt(in.getInt(12)).putInt(1800).putInt(1).putInt(1)
                            .putInt(0x7f000001).putShort((short) 6881);
                }
                out.flip();
                channel.send(out, from);
            }
        }
    }
}
