package dev.observability.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback that decodes export requests with the official protobuf
 * classes, the way a collector would. Serves {@code POST /v1/traces}.
 */
public final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on a free loopback port. */
  public static OtlpReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
            receiver.requests.add(ExportTraceServiceRequest.parseFrom(in));
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(response);
            }
          } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "otlp-receiver");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return receiver;
  }

  /** The base endpoint, e.g. {@code http://127.0.0.1:4318}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The traces endpoint. */
  public String tracesEndpoint() {
    return endpoint() + "/v1/traces";
  }

  /** Every export request received so far. */
  public List<ExportTraceServiceRequest> requests() {
    return List.copyOf(requests);
  }

  /** Every resource-spans entry received so far. */
  public List<ResourceSpans> resourceSpans() {
    List<ResourceSpans> all = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      all.addAll(request.getResourceSpansList());
    }
    return all;
  }

  /** Every span received so far. */
  public List<Span> spans() {
    List<Span> all = new ArrayList<>();
    for (ResourceSpans resource : resourceSpans()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        all.addAll(scope.getSpansList());
      }
    }
    return all;
  }

  /** Waits until at least {@code count} spans arrived, or the timeout passed. */
  public List<Span> awaitSpans(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (spans().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return spans();
  }

  /** The string value of {@code key} among {@code attributes}, or {@code null}. */
  public static String stringAttribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
