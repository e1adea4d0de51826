package dev.observability.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records security-relevant events: one structured WARN on logger {@code
 * dev.observability.security} and one increment of the counter {@code security.events} tagged
 * {@code type}.
 *
 * <p>Every free-text value passes through the instance's {@linkplain Observability#redactor()
 * redactor} first, so a user name that is an e-mail address is logged as {@code j***@example.com}
 * and nothing forges a log line. The request ID and trace IDs come with the MDC as on every other
 * line.
 *
 * <pre>{@code
 * observability.securityEvents().loginFailed(email, "bad password");
 * }</pre>
 */
public final class SecurityEvents {

  private static final Logger LOG = LoggerFactory.getLogger("dev.observability.security");

  /** The kinds of event, each a value of the {@code type} tag. */
  public enum Type {
    /** A login attempt failed. */
    LOGIN_FAILURE,
    /** An account was locked, for example after repeated failures. */
    ACCOUNT_LOCKED,
    /** A client exceeded a rate limit. */
    RATE_LIMITED,
    /** An authenticated principal was refused access. */
    PERMISSION_DENIED;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final Map<Type, Counter> counters = new EnumMap<>(Type.class);

  private final Redactor redactor;

  SecurityEvents(MeterRegistry registry, Redactor redactor) {
    this.redactor = redactor;
    for (Type type : Type.values()) {
      counters.put(
          type,
          Counter.builder("security.events")
              .tag("type", type.tag)
              .description("Security-relevant events by type")
              .register(registry));
    }
  }

  /**
   * Records a failed login.
   *
   * @param subject who tried, such as a user name or e-mail address
   * @param reason why it failed, for example {@code bad password}
   */
  public void loginFailed(String subject, String reason) {
    record(Type.LOGIN_FAILURE, subject, reason);
  }

  /**
   * Records an account lockout.
   *
   * @param subject the account
   * @param reason why it was locked
   */
  public void accountLocked(String subject, String reason) {
    record(Type.ACCOUNT_LOCKED, subject, reason);
  }

  /**
   * Records a rate-limit hit.
   *
   * @param subject the client, key or address that was limited
   * @param limit which limit was exceeded
   */
  public void rateLimited(String subject, String limit) {
    record(Type.RATE_LIMITED, subject, limit);
  }

  /**
   * Records a permission denial.
   *
   * @param subject the principal
   * @param resource what was refused
   */
  public void permissionDenied(String subject, String resource) {
    record(Type.PERMISSION_DENIED, subject, resource);
  }

  /**
   * Records an event of any type.
   *
   * @param type the type
   * @param subject who or what it concerns, may be {@code null}
   * @param detail free text, may be {@code null}
   */
  public void record(Type type, @Nullable String subject, @Nullable String detail) {
    Objects.requireNonNull(type, "type");
    counters.get(type).increment();
    LOG.atWarn()
        .addKeyValue("event", type.tag)
        .addKeyValue("subject", redactor.forLog(subject))
        .addKeyValue("detail", redactor.forLog(detail))
        .log("security event");
  }
}
