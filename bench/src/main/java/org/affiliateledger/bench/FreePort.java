package org.affiliateledger.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class FreePort {
    private FreePort() {
    }

    static int find() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
