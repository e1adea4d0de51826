package dev.observability.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made contributors: a database, disk space, heap, deadlocked threads, an SMTP server and an
 * HTTP dependency. Each returns a critical contributor in the group noted; adjust with {@link
 * HealthContributor#inGroups(String...)} and {@link HealthContributor#nonCritical()}.
 *
 * <pre>{@code
 * HealthChecks.dataSource("database", dataSource)
 * HealthChecks.smtp("mail", System.getenv("SMTP_HOST"), 25, false).nonCritical()
 * HealthChecks.http("payments", URI.create("http://payments:8080/health/ready"), Duration.ofSeconds(1))
 * }</pre>
 */
public final class HealthChecks {

  private static final int BODY_CAP = 1024;
  private static final int MAX_REDIRECTS = 5;

  private HealthChecks() {}

  /**
   * Checks a database with {@link Connection#isValid(int)} (readiness). Bounded by the registry's
   * timeout even when the pool is exhausted and {@code getConnection()} blocks.
   *
   * @param name the check name
   * @param dataSource the data source
   * @return the contributor
   */
  public static HealthContributor dataSource(String name, DataSource dataSource) {
    return dataSource(name, dataSource, null);
  }

  /**
   * Checks a database with a validation query such as {@code SELECT 1} (readiness).
   *
   * @param name the check name
   * @param dataSource the data source
   * @param validationQuery the query, or {@code null} for {@link Connection#isValid(int)}
   * @return the contributor
   */
  public static HealthContributor dataSource(
      String name, DataSource dataSource, @Nullable String validationQuery) {
    Objects.requireNonNull(dataSource, "dataSource");
    return HealthContributor.of(
        name,
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            if (validationQuery != null) {
              try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(2);
                statement.execute(validationQuery);
              }
            } else if (!connection.isValid(2)) {
              return Health.down("connection is not valid");
            }
            return Health.up()
                .withDetail("database", connection.getMetaData().getDatabaseProductName());
          }
        });
  }

  /**
   * Checks that {@code path}'s file system has at least {@code minFreeBytes} usable (readiness).
   *
   * @param name the check name
   * @param path a path on the file system
   * @param minFreeBytes the threshold
   * @return the contributor
   */
  public static HealthContributor diskSpace(String name, Path path, long minFreeBytes) {
    Objects.requireNonNull(path, "path");
    return HealthContributor.of(
        name,
        () -> {
          FileStore store = Files.getFileStore(path);
          long free = store.getUsableSpace();
          long total = store.getTotalSpace();
          Health health =
              free >= minFreeBytes
                  ? Health.up()
                  : Health.down("only " + free + " bytes free, below " + minFreeBytes);
          return health
              .withDetail("free_bytes", free)
              .withDetail("total_bytes", total)
              .withDetail("threshold_bytes", minFreeBytes);
        });
  }

  /**
   * Checks that the heap is not exhausted (liveness): down when, after the last collection, a heap
   * pool is fuller than {@code maxUsedRatio} (e.g. {@code 0.95}) of its maximum.
   *
   * @param maxUsedRatio the threshold, between 0 and 1
   * @return the contributor
   */
  public static HealthContributor heap(double maxUsedRatio) {
    if (!(maxUsedRatio > 0 && maxUsedRatio <= 1)) {
      throw new IllegalArgumentException("maxUsedRatio must be in (0, 1]: " + maxUsedRatio);
    }
    return HealthContributor.of(
            "heap",
            () -> {
              double worst = 0;
              String worstPool = null;
              for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
                  continue;
                }
                // Usage after the last collection: what a collection could not free.
                MemoryUsage usage =
                    pool.getCollectionUsage() != null ? pool.getCollectionUsage() : pool.getUsage();
                if (usage == null || usage.getMax() <= 0) {
                  continue;
                }
                double ratio = (double) usage.getUsed() / usage.getMax();
                if (ratio > worst) {
                  worst = ratio;
                  worstPool = pool.getName();
                }
              }
              Health health =
                  worst > maxUsedRatio
                      ? Health.down("heap pool " + worstPool + " is " + percent(worst) + " full")
                      : Health.up();
              return health.withDetail("max_used_ratio", Math.round(worst * 1000) / 1000.0);
            })
        .inGroups(HealthContributor.LIVENESS);
  }

  /**
   * Checks for deadlocked threads (liveness).
   *
   * @return the contributor
   */
  public static HealthContributor deadlocks() {
    return HealthContributor.of(
            "deadlocks",
            () -> {
              ThreadMXBean threads = ManagementFactory.getThreadMXBean();
              long[] ids = threads.findDeadlockedThreads();
              if (ids == null || ids.length == 0) {
                return Health.up();
              }
              List<String> names = new ArrayList<>();
              for (ThreadInfo info : threads.getThreadInfo(ids)) {
                if (info != null) {
                  names.add(info.getThreadName());
                }
              }
              return Health.down(ids.length + " deadlocked threads").withDetail("threads", names);
            })
        .inGroups(HealthContributor.LIVENESS);
  }

  /**
   * Checks an SMTP server (readiness). Without a host it reports {@code up} with {@code
   * configured=false}; with one and {@code connect=false} it reports {@code configured=true}; with
   * {@code connect=true} it opens a TCP connection and expects a {@code 220} banner within the
   * timeout (a server that accepts and never speaks is a timeout, not a hang).
   *
   * @param name the check name
   * @param host the host, may be {@code null} or blank
   * @param port the port
   * @param connect whether to connect
   * @param timeout the connect and read timeout
   * @return the contributor
   */
  public static HealthContributor smtp(
      String name, @Nullable String host, int port, boolean connect, Duration timeout) {
    int millis = (int) Objects.requireNonNull(timeout, "timeout").toMillis();
    return HealthContributor.of(
        name,
        () -> {
          if (host == null || host.isBlank()) {
            return Health.up().withDetail("configured", false);
          }
          if (!connect) {
            return Health.up().withDetail("configured", true).withDetail("host", host);
          }
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            BufferedReader reader =
                new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 512);
            String banner = reader.readLine();
            if (banner != null && banner.startsWith("220")) {
              return Health.up().withDetail("configured", true).withDetail("host", host);
            }
            return Health.down("unexpected SMTP banner").withDetail("host", host);
          }
        });
  }

  /**
   * Checks an SMTP server with a 2 s timeout; see {@link #smtp(String, String, int, boolean,
   * Duration)}.
   *
   * @param name the check name
   * @param host the host, may be {@code null}
   * @param port the port
   * @param connect whether to connect
   * @return the contributor
   */
  public static HealthContributor smtp(
      String name, @Nullable String host, int port, boolean connect) {
    return smtp(name, host, port, connect, Duration.ofSeconds(2));
  }

  /**
   * Checks an HTTP dependency (readiness): a GET must answer 2xx within {@code timeout}. Up to five
   * redirects are followed, a loop is reported as down, and at most 1 KiB of the body is read.
   *
   * @param name the check name
   * @param uri the URI
   * @param timeout connect and response timeout
   * @return the contributor
   */
  public static HealthContributor http(String name, URI uri, Duration timeout) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeout, "timeout");
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return HealthContributor.of(
        name,
        () -> {
          URI current = uri;
          Set<URI> seen = new HashSet<>();
          for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!seen.add(current)) {
              return Health.down("redirect loop").withDetail("uri", uri.toString());
            }
            HttpResponse<InputStream> response =
                client.send(
                    HttpRequest.newBuilder(current).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream body = response.body()) {
              body.readNBytes(BODY_CAP); // drain a little so the connection can be reused; no more
            } catch (IOException ignored) {
              // the status is what counts
            }
            if (status >= 300 && status < 400) {
              String location = response.headers().firstValue("Location").orElse(null);
              if (location == null) {
                return Health.down("redirect without location").withDetail("status", status);
              }
              current = current.resolve(location);
              continue;
            }
            Health health =
                status >= 200 && status < 300 ? Health.up() : Health.down("HTTP " + status);
            return health.withDetail("status", status).withDetail("uri", uri.toString());
          }
          return Health.down("too many redirects").withDetail("uri", uri.toString());
        });
  }

  private static String percent(double ratio) {
    return Math.round(ratio * 100) + "%";
  }
}
