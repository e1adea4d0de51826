package dev.observability.health;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a caller may see health details ({@link ShowDetails#WHEN_AUTHORIZED}).
 *
 * <p>Called on the request thread for every health request; must be fast, must not block, should
 * not throw (a throwing authorizer counts as "not authorized").
 */
@FunctionalInterface
public interface HealthAuthorizer {

  /**
   * Returns whether the caller is authorized.
   *
   * @param header returns the first value of a request header, or {@code null}
   * @return whether details may be shown
   */
  boolean isAuthorized(@Nullable Function<String, String> header);

  /**
   * Returns an authorizer that accepts {@code Authorization: Bearer <token>}, compared in constant
   * time (both sides are hashed first, so not even the length leaks).
   *
   * @param token the expected token
   * @return the authorizer
   */
  static HealthAuthorizer bearerToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    byte[] expected = sha256(token);
    return header -> {
      String authorization = header.apply("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return false;
      }
      return MessageDigest.isEqual(expected, sha256(authorization.substring(7).trim()));
    };
  }

  /**
   * Returns an authorizer that accepts nobody.
   *
   * @return the authorizer
   */
  static HealthAuthorizer nobody() {
    return header -> false;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
