package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {

  private final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .set(ObservabilityConfig.JVM_METRICS, "false")
          .build();
  private final AtomicLong now = new AtomicLong(1_000);
  private final LoginRateLimiter limiter = new LoginRateLimiter(3, observability, now::get);

  @AfterEach
  void close() {
    observability.close();
  }

  @Test
  void refusesAnAccountPastItsAllowanceUntilTheNextMinute() {
    assertThat(limiter.tryAcquire("ann@example.com")).isTrue();
    assertThat(limiter.tryAcquire("ANN@example.com")).isTrue();
    assertThat(limiter.tryAcquire("bob@example.com")).isTrue();
    assertThat(utilization()).isEqualTo(2 / 3.0);
    assertThat(limiter.tryAcquire("ann@example.com")).isTrue();
    assertThat(limiter.tryAcquire("ann@example.com")).isFalse();
    assertThat(limiter.tryAcquire("bob@example.com")).isTrue();
    assertThat(utilization()).isEqualTo(1.0);
    assertThat(rateLimitedEvents()).isEqualTo(1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(45));
    assertThat(limiter.secondsToNextWindow()).isEqualTo(15);

    now.addAndGet(TimeUnit.SECONDS.toNanos(15));
    assertThat(utilization()).isZero();
    assertThat(limiter.tryAcquire("ann@example.com")).isTrue();
    assertThat(utilization()).isEqualTo(1 / 3.0);
    assertThat(rateLimitedEvents()).isEqualTo(1);
  }

  private double utilization() {
    return observability
        .meterRegistry()
        .get("rate.limit.utilization")
        .tag("limit", "login")
        .gauge()
        .value();
  }

  private double rateLimitedEvents() {
    return observability
        .meterRegistry()
        .get("security.events")
        .tag("type", "rate_limited")
        .counter()
        .count();
  }
}
