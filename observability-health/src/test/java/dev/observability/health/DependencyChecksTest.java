package dev.observability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.observability.testing.UnresponsiveServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Dependencies that misbehave: each check must come back down (or up) by itself within its timeout;
 * the generous outer bound only catches a check that hangs.
 */
class DependencyChecksTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  @Test
  void smtpServerThatAcceptsAndNeverSpeaksIsATimeout() throws Exception {
    try (UnresponsiveServer silent = UnresponsiveServer.start()) {
      HealthContributor smtp = HealthChecks.smtp("mail", "127.0.0.1", silent.port(), true, TIMEOUT);
      Exception failure =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> {
                try {
                  smtp.check();
                  return null;
                } catch (Exception e) {
                  return e;
                }
              });
      assertThat(failure).isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void smtpServerWithA220BannerIsUpAndOnlyConfiguredWithoutConnecting() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread speaker =
          new Thread(
              () -> {
                try (Socket socket = server.accept();
                    OutputStream out = socket.getOutputStream()) {
                  out.write("220 mail.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  Thread.sleep(200);
                } catch (Exception ignored) {
                  // test server
                }
              });
      speaker.start();
      Health health =
          HealthChecks.smtp("mail", "127.0.0.1", server.getLocalPort(), true, TIMEOUT).check();
      assertThat(health.status()).isEqualTo(Health.Status.UP);
      speaker.join();
    }
    assertThat(HealthChecks.smtp("mail", "smtp.example", 25, false).check().details())
        .containsEntry("configured", true);
    assertThat(HealthChecks.smtp("mail", "", 25, true).check().details())
        .containsEntry("configured", false);
  }

  @Test
  void httpDependencyThatNeverAnswersIsATimeout() throws Exception {
    try (UnresponsiveServer silent = UnresponsiveServer.start()) {
      HealthContributor http =
          HealthChecks.http(
              "payments", URI.create("http://127.0.0.1:" + silent.port() + "/health"), TIMEOUT);
      Exception failure =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> {
                try {
                  http.check();
                  return null;
                } catch (Exception e) {
                  return e;
                }
              });
      assertThat(failure).isInstanceOf(java.net.http.HttpTimeoutException.class);
    }
  }

  @Test
  void httpRedirectLoopIsDownAndA2xxIsUp() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/loop",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/loop");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/ok",
        exchange -> {
          byte[] body = "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (java.io.IOException clientStoppedReading) {
            // expected: the check reads at most 1 KiB
          }
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Health loop =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> HealthChecks.http("loop", URI.create(base + "/loop"), TIMEOUT).check());
      assertThat(loop.status()).isEqualTo(Health.Status.DOWN);
      assertThat(loop.message()).isEqualTo("redirect loop");
      Health ok = HealthChecks.http("ok", URI.create(base + "/ok"), TIMEOUT).check();
      assertThat(ok.status()).isEqualTo(Health.Status.UP);
      assertThat(ok.details()).containsEntry("status", 200);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void diskSpaceBelowTheThresholdIsDown() throws Exception {
    Health plenty = HealthChecks.diskSpace("disk", java.nio.file.Path.of("."), 1).check();
    assertThat(plenty.status()).isEqualTo(Health.Status.UP);
    Health impossible =
        HealthChecks.diskSpace("disk", java.nio.file.Path.of("."), Long.MAX_VALUE).check();
    assertThat(impossible.status()).isEqualTo(Health.Status.DOWN);
  }
}
