package dev.observability.examples.todo;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration, login and bearer sessions. Tokens are stored only as SHA-256 hashes. */
final class Users {

  private static final Logger LOG = LoggerFactory.getLogger(Users.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration SESSION = Duration.ofHours(12);

  private final DataSource dataSource;
  private final Passwords passwords;
  private final Observability observability;
  private final Counter registrations;
  private final Counter loginSuccesses;
  private final Counter loginFailures;

  Users(DataSource dataSource, Passwords passwords, Observability observability) {
    this.dataSource = dataSource;
    this.passwords = passwords;
    this.observability = observability;
    var meters = observability.meterRegistry();
    this.registrations =
        Counter.builder("todo.registrations").description("Users registered").register(meters);
    this.loginSuccesses =
        Counter.builder("todo.logins")
            .tag("outcome", "success")
            .description("Logins by outcome")
            .register(meters);
    this.loginFailures = Counter.builder("todo.logins").tag("outcome", "failure").register(meters);
  }

  /** Registers a user; empty when the e-mail address is taken. */
  OptionalLong register(String email, String password) throws SQLException {
    String hash = passwords.hash(password);
    try (Connection c = dataSource.getConnection();
        PreparedStatement exists = c.prepareStatement("SELECT id FROM users WHERE email = ?")) {
      exists.setString(1, email);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return OptionalLong.empty();
        }
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO users (email, password_hash) VALUES (?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, email);
        insert.setString(2, hash);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          long id = keys.getLong(1);
          registrations.increment();
          LOG.atInfo()
              .addKeyValue("user_id", id)
              .addKeyValue("email", email)
              .log("user registered");
          return OptionalLong.of(id);
        }
      }
    }
  }

  /** The e-mail address of user {@code id}, or {@code null} when there is none. */
  String email(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement find = c.prepareStatement("SELECT email FROM users WHERE id = ?")) {
      find.setLong(1, id);
      try (ResultSet rows = find.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /** Returns a bearer token, or null for bad credentials. */
  String login(String email, String password) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement find =
            c.prepareStatement("SELECT id, password_hash FROM users WHERE email = ?")) {
      find.setString(1, email);
      long userId;
      try (ResultSet rs = find.executeQuery()) {
        if (!rs.next() || !passwords.matches(password, rs.getString(2))) {
          loginFailures.increment();
          observability.securityEvents().loginFailed(email, "bad credentials");
          return null;
        }
        userId = rs.getLong(1);
      }
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)")) {
        insert.setString(1, sha256(token));
        insert.setLong(2, userId);
        insert.setTimestamp(3, Timestamp.from(Instant.now().plus(SESSION)));
        insert.executeUpdate();
      }
      loginSuccesses.increment();
      LOG.atInfo().addKeyValue("user_id", userId).log("user logged in");
      return token;
    }
  }

  /** The user of a bearer token, if the session is valid. */
  OptionalLong authenticate(String token) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement find =
            c.prepareStatement(
                "SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?")) {
      find.setString(1, sha256(token));
      find.setTimestamp(2, Timestamp.from(Instant.now()));
      try (ResultSet rs = find.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
