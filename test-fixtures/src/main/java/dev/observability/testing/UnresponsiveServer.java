package dev.observability.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that accepts connections and then never reads a byte or answers: the worst kind
 * of dependency, one that neither fails nor responds.
 */
public final class UnresponsiveServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private UnresponsiveServer(ServerSocket socket) {
    this.socket = socket;
    this.acceptor = new Thread(this::acceptForever, "unresponsive-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts one on a free loopback port. */
  public static UnresponsiveServer start() throws IOException {
    return new UnresponsiveServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /** A loopback port on which nothing listens, so connections are refused. */
  public static int refusingPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** How many connections were accepted so far. */
  public int connections() {
    return accepted.size();
  }

  private void acceptForever() {
    while (!socket.isClosed()) {
      try {
        accepted.add(socket.accept());
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
