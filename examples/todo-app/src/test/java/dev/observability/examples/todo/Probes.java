package dev.observability.examples.todo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the end-to-end tests ask of a running process: a status, a body, a log file. A call that
 * fails answers -1 or "" rather than throwing, so tests can poll.
 */
final class Probes {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Probes() {}

  /** The status of a GET to {@code url}, or -1 when the call failed. */
  static int status(URI url) {
    try {
      return CLIENT
          .send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET to {@code url}, or "" when the call failed. */
  static String body(URI url) {
    try {
      return CLIENT
          .send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Polls {@code condition} every 200 ms until it holds or {@code timeout} passes. */
  static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /**
   * The first of {@code names} found executable in {@code /usr/bin}, {@code /usr/local/bin} or
   * {@code /usr/sbin} (Debian's packages), else the first name, for the {@code PATH} to resolve.
   */
  static String executable(String... names) {
    for (String name : names) {
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return names[0];
  }

  /**
   * Stops the processes: asks each to end (so shutdown hooks run and logs are flushed), then gives
   * each 20 s before killing it. Nulls are skipped.
   */
  static void stop(Process... processes) throws InterruptedException {
    for (Process process : processes) {
      if (process != null) {
        process.destroy();
      }
    }
    for (Process process : processes) {
      if (process != null) {
        process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        process.destroyForcibly();
      }
    }
  }

  /** The file's text so far; "" before it exists. */
  static String read(Path path) {
    try {
      return Files.exists(path) ? Files.readString(path) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
