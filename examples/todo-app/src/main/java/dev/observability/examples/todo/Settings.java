package dev.observability.examples.todo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The service's settings, from environment variables: {@code PORT} (8080), {@code DATABASE_URL} (a
 * JDBC URL or {@code postgres://user:password@host:port/db}; default an H2 file under {@code
 * ./data}), {@code H2_IN_MEMORY} ({@code true} for a throw-away database), {@code SLOW_QUERY_MS}
 * (500), {@code SMTP_HOST}, {@code PBKDF2_ITERATIONS} (210000), {@code HEALTH_TOKEN} (bearer token
 * that may see health details), {@code LOGIN_ATTEMPTS_PER_MINUTE} (10, per account), {@code
 * INSTRUMENTATION} ({@code off} leaves the library out, as a baseline for benchmarks).
 * Observability settings come from {@code OTEL_*} and {@code OBSERVABILITY_*} as everywhere.
 */
record Settings(
    int port,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    Duration slowQuery,
    String smtpHost,
    int pbkdf2Iterations,
    String healthToken,
    boolean instrumented,
    URI mailerUrl,
    int loginAttemptsPerMinute) {

  static Settings from(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
    String url = env.get("DATABASE_URL");
    String user = env.getOrDefault("DATABASE_USER", "sa");
    String password = env.getOrDefault("DATABASE_PASSWORD", "");
    String jdbcUrl;
    if (url == null || url.isBlank()) {
      jdbcUrl =
          "true".equalsIgnoreCase(env.get("H2_IN_MEMORY"))
              ? "jdbc:h2:mem:todo;DB_CLOSE_DELAY=-1"
              : "jdbc:h2:file:./data/todo;AUTO_SERVER=FALSE";
    } else if (url.startsWith("jdbc:")) {
      jdbcUrl = url;
    } else {
      // postgres://user:password@host:port/db, as platforms hand it out
      URI uri = URI.create(url);
      String userInfo = uri.getUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        password = colon < 0 ? "" : userInfo.substring(colon + 1);
      }
      jdbcUrl =
          "jdbc:postgresql://"
              + uri.getHost()
              + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
              + uri.getPath();
    }
    Duration slow = Duration.ofMillis(Long.parseLong(env.getOrDefault("SLOW_QUERY_MS", "500")));
    int iterations = Integer.parseInt(env.getOrDefault("PBKDF2_ITERATIONS", "210000"));
    // INSTRUMENTATION=off runs the same API without the library: the floor of the end-to-end
    // benchmark.
    boolean instrumented = !"off".equalsIgnoreCase(env.getOrDefault("INSTRUMENTATION", "on"));
    return new Settings(
        port,
        jdbcUrl,
        user,
        password,
        slow,
        env.get("SMTP_HOST"),
        iterations,
        env.get("HEALTH_TOKEN"),
        instrumented,
        URI.create(env.getOrDefault("MAILER_URL", "http://127.0.0.1:8081")),
        Integer.parseInt(env.getOrDefault("LOGIN_ATTEMPTS_PER_MINUTE", "10")));
  }
}
