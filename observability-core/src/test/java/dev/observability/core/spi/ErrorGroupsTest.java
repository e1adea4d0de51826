package dev.observability.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ErrorGroupsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ErrorGroups groups = new ErrorGroups(registry);

  /** A failure thrown in application code (our own packages count as library frames). */
  private static IllegalStateException thrownAt(String message, String className, int line) {
    IllegalStateException failure = new IllegalStateException(message);
    failure.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 233),
          new StackTraceElement(className, "pay", className + ".java", line),
          new StackTraceElement("com.shop.web.OrderController", "post", "OrderController.java", 40),
          new StackTraceElement("org.eclipse.jetty.server.Server", "handle", "Server.java", 1)
        });
    return failure;
  }

  @Test
  void theSameThrowSiteIsOneGroupWhateverItsMessageAndItsFirstTimeIsANewError() {
    try (LogCapture log = LogCapture.of(ErrorGroups.LOGGER)) {
      String first =
          groups.record(thrownAt("order 17 for bob@example.com", "com.shop.Checkout", 10));
      String again = groups.record(thrownAt("order 18", "com.shop.Checkout", 12));
      String other = groups.record(thrownAt("refund failed", "com.shop.Refund", 10));

      assertThat(first).matches("[0-9a-f]{8}").isEqualTo(again).isNotEqualTo(other);
      Counter checkout =
          registry
              .get(ErrorGroups.METRIC)
              .tag("error.type", "java.lang.IllegalStateException")
              .tag("error.fingerprint", first)
              .counter();
      assertThat(checkout.count()).isEqualTo(2);
      assertThat(log.withMessage("new error")).hasSize(2);
      assertThat(LogCapture.keyValue(log.withMessage("new error").get(0), "frames"))
          .asString()
          .isEqualTo("com.shop.Checkout.pay,com.shop.web.OrderController.post")
          .doesNotContain("bob@example.com");
    }
  }

  @Test
  void theFingerprintIgnoresLineNumbersAndLambdaNumbers() {
    Throwable a = new IllegalArgumentException("a");
    a.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "com.shop.Checkout$$Lambda$41/0x1", "lambda$pay$3", "Checkout.java", 10),
          new StackTraceElement("com.shop.Checkout", "pay", "Checkout.java", 20)
        });
    Throwable b = new IllegalArgumentException("b");
    b.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "com.shop.Checkout$$Lambda$77/0x2", "lambda$pay$5", "Checkout.java", 12),
          new StackTraceElement("com.shop.Checkout", "pay", "Checkout.java", 25)
        });
    assertThat(groups.record(a)).isEqualTo(groups.record(b));
  }

  @Test
  void fingerprintsPastTheCapCountAsOther() {
    for (int i = 0; i < ErrorGroups.MAX_FINGERPRINTS + 5; i++) {
      Throwable failure = new IllegalStateException();
      failure.setStackTrace(
          new StackTraceElement[] {new StackTraceElement("com.shop.Site" + i, "run", null, 1)});
      groups.record(failure);
    }
    assertThat(registry.find(ErrorGroups.METRIC).counters())
        .hasSize(ErrorGroups.MAX_FINGERPRINTS + 1);
    assertThat(
            registry
                .get(ErrorGroups.METRIC)
                .tag("error.fingerprint", ErrorGroups.OTHER)
                .counter()
                .count())
        .isEqualTo(5);
  }
}
