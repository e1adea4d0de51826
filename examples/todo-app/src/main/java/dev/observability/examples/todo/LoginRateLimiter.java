package dev.observability.examples.todo;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Gauge;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} login attempts per account in each minute (a fixed window), so that a
 * password cannot be guessed at the speed of the network. A refused attempt is a security event
 * ({@code security_events_total{type="rate_limited"}}); how full the fullest account's window is
 * (attempts over the allowance) is the gauge {@code rate_limit_utilization{limit="login"}}, which
 * the {@code RateLimitNearlyExhausted} alert reads.
 *
 * <p>Keyed by account rather than by client address: every client of a test or behind a proxy
 * shares one address. The window remembers at most {@value #MAX_ACCOUNTS} accounts; past that the
 * others share one allowance, so a flood of made-up accounts is limited too.
 */
final class LoginRateLimiter {

  static final String LIMIT = "login";
  private static final int MAX_ACCOUNTS = 10_000;
  private static final String OVERFLOW = "\0others";
  private static final long MINUTE = 60_000_000_000L;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Observability observability;
  private volatile Window window;

  private record Window(
      long start, ConcurrentHashMap<String, AtomicInteger> attempts, AtomicInteger fullest) {}

  LoginRateLimiter(int perMinute, Observability observability) {
    this(perMinute, observability, System::nanoTime);
  }

  LoginRateLimiter(int perMinute, Observability observability, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
    this.observability = observability;
    this.window = new Window(nanoTime.getAsLong(), new ConcurrentHashMap<>(), new AtomicInteger());
    Gauge.builder("rate.limit.utilization", this, LoginRateLimiter::utilization)
        .tag("limit", LIMIT)
        .description("The fullest window of a rate limit, as a share of its allowance")
        .strongReference(true)
        .register(observability.meterRegistry());
  }

  /** Counts one attempt for {@code email}; false (and a security event) when over the limit. */
  boolean tryAcquire(String email) {
    Window current = current();
    String account = email.toLowerCase(Locale.ROOT);
    if (current.attempts.size() >= MAX_ACCOUNTS && !current.attempts.containsKey(account)) {
      account = OVERFLOW;
    }
    int attempts =
        current.attempts.computeIfAbsent(account, a -> new AtomicInteger()).incrementAndGet();
    current.fullest.accumulateAndGet(attempts, Math::max);
    if (attempts <= perMinute) {
      return true;
    }
    observability.securityEvents().rateLimited(email, LIMIT);
    return false;
  }

  /** Seconds until the current window ends, for {@code Retry-After}. */
  long secondsToNextWindow() {
    long left = MINUTE - (nanoTime.getAsLong() - current().start);
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }

  double utilization() {
    return Math.min(1.0, current().fullest.get() / (double) perMinute);
  }

  private Window current() {
    Window current = window;
    long now = nanoTime.getAsLong();
    if (now - current.start >= MINUTE) {
      synchronized (this) {
        current = window;
        if (now - current.start >= MINUTE) {
          current = new Window(now, new ConcurrentHashMap<>(), new AtomicInteger());
          window = current;
        }
      }
    }
    return current;
  }
}
