package dev.observability.httpclient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server the clients call: {@code /status/N} answers N, {@code /slow} answers only
 * once released (or after 30 s), anything else answers 200 {@code pong}. It keeps the headers of
 * every request it received.
 */
final class CalleeServer implements AutoCloseable {

  /** The headers of one received request, by lower-case name, every value in order. */
  record Received(String path, Map<String, List<String>> headers) {
    List<String> values(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of());
    }
  }

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);

  CalleeServer() throws Exception {
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = Request.getPathInContext(request);
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            request
                .getHeaders()
                .forEach(
                    field ->
                        headers
                            .computeIfAbsent(
                                field.getLowerCaseName(), k -> new CopyOnWriteArrayList<>())
                            .add(field.getValue()));
            received.add(new Received(path, headers));
            int status = 200;
            if (path.startsWith("/status/")) {
              status = Integer.parseInt(path.substring("/status/".length()));
            } else if (path.equals("/slow")) {
              releaseSlow.await(30, TimeUnit.SECONDS);
            }
            response.setStatus(status);
            response.write(
                true,
                ByteBuffer.wrap(("pong " + status).getBytes(StandardCharsets.UTF_8)),
                callback);
            return true;
          }
        });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  List<Received> received() {
    return received;
  }

  Received last() {
    return received.get(received.size() - 1);
  }

  @Override
  public void close() throws Exception {
    releaseSlow.countDown();
    server.stop();
  }
}
