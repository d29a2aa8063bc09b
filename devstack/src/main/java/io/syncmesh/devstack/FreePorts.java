package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Finds free TCP ports on the loopback address and tells whether a port is free or listening. */
final class FreePorts {

    static final String HOST = "127.0.0.1";

    private FreePorts() {
    }

    /** Holds all sockets open until every port is chosen, so the same port is never handed out twice. */
    static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    static int pick() {
        return pick(1)[0];
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same as the servers we start: a port in TIME_WAIT after a restart is still usable.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the port is free again either way
        }
    }
}
