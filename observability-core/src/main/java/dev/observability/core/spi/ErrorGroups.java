package dev.observability.core.spi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups uncaught failures the way an error tracker does, without one: each failure gets a stable
 * fingerprint (its type and the first frames of application code, without line numbers, so the same
 * bug keeps its fingerprint across releases that only move it), is counted in {@value #METRIC} by
 * {@code error.type} and {@code error.fingerprint}, and the first occurrence of a fingerprint since
 * start logs one WARN {@code new error} on {@value #LOGGER} with both and the frames. At most
 * {@value #MAX_FINGERPRINTS} fingerprints are told apart; later ones count as {@value #OTHER}. The
 * server filter records the failures that escape a request, the job executor those that end a task;
 * the line with the stack trace is theirs, this adds the grouping.
 *
 * <pre>{@code
 * String fingerprint = observability.errorGroups().record(failure);
 * }</pre>
 */
public final class ErrorGroups {

  /** The counter of uncaught failures. */
  public static final String METRIC = "errors.uncaught";

  /** The logger of the first occurrence of each fingerprint. */
  public static final String LOGGER = "dev.observability.error.groups";

  /** Distinct fingerprints before new ones count as {@value #OTHER}. */
  public static final int MAX_FINGERPRINTS = 100;

  /** The fingerprint of failures past {@value #MAX_FINGERPRINTS}. */
  public static final String OTHER = "other";

  /** Frames of application code that make the fingerprint. */
  static final int FRAMES = 3;

  /** Frames of these packages are the platform's or a library's, not the application's. */
  private static final String[] NOT_APPLICATION = {
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "jakarta.",
    "kotlin.",
    "scala.",
    "org.eclipse.jetty.",
    "org.apache.",
    "io.undertow.",
    "org.springframework.",
    "org.hibernate.",
    "com.zaxxer.",
    "org.h2.",
    "org.postgresql.",
    "com.mysql.",
    "org.flywaydb.",
    "liquibase.",
    "io.opentelemetry.",
    "io.micrometer.",
    "com.fasterxml.",
    "org.slf4j.",
    "ch.qos.logback.",
    "net.logstash.",
    "okhttp3.",
    "okio.",
    "dev.observability.core.",
    "dev.observability.servlet.",
    "dev.observability.jdbc.",
    "dev.observability.health.",
    "dev.observability.httpclient.",
    "dev.observability.spring.",
    "dev.observability.logback."
  };

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * Groups into {@code registry}.
   *
   * @param registry where the counter goes
   */
  public ErrorGroups(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts an uncaught failure and, the first time its fingerprint is seen, logs {@code new error}.
   * Never throws.
   *
   * @param failure what was thrown
   * @return its fingerprint, {@value #OTHER} past the cap, or {@code null} if grouping failed
   */
  public @Nullable String record(Throwable failure) {
    try {
      String errorType = ErrorTypes.of(failure);
      String frames = applicationFrames(failure);
      String fingerprint = fingerprint(errorType, frames);
      String key = errorType + ' ' + fingerprint;
      Counter counter = counters.get(key);
      if (counter == null) {
        if (counters.size() >= MAX_FINGERPRINTS) {
          fingerprint = OTHER;
          key = errorType + ' ' + OTHER;
        }
        String chosen = fingerprint;
        boolean[] created = new boolean[1];
        counter =
            counters.computeIfAbsent(
                key,
                k -> {
                  created[0] = true;
                  return Counter.builder(METRIC)
                      .tag("error.type", errorType)
                      .tag("error.fingerprint", chosen)
                      .description("Uncaught failures by type and fingerprint")
                      .register(registry);
                });
        if (created[0] && !OTHER.equals(chosen)) {
          LOG.atWarn()
              .addKeyValue("error_type", errorType)
              .addKeyValue("error_fingerprint", chosen)
              .addKeyValue("frames", frames)
              .log("new error");
        }
      }
      counter.increment();
      return fingerprint;
    } catch (RuntimeException e) {
      ContainedFailures.report("error-groups", e);
      return null;
    }
  }

  /** Eight hex digits of the CRC-32 of the type and the frames: stable across runs and JVMs. */
  static String fingerprint(String errorType, String frames) {
    CRC32 crc = new CRC32();
    crc.update((errorType + '|' + frames).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /**
   * The first {@value #FRAMES} frames of application code as {@code class.method}, comma separated;
   * the first frames at all when none is the application's (a failure inside a library).
   */
  static String applicationFrames(Throwable failure) {
    StackTraceElement[] stack = failure.getStackTrace();
    StringBuilder frames = new StringBuilder();
    int taken = 0;
    for (StackTraceElement frame : stack) {
      if (taken == FRAMES) {
        break;
      }
      if (isApplication(frame.getClassName())) {
        append(frames, frame);
        taken++;
      }
    }
    for (int i = 0; taken == 0 && i < Math.min(FRAMES, stack.length); i++) {
      append(frames, stack[i]);
    }
    return frames.toString();
  }

  private static void append(StringBuilder frames, StackTraceElement frame) {
    if (frames.length() > 0) {
      frames.append(',');
    }
    // Lambdas and generated classes carry numbers that change between builds.
    frames
        .append(frame.getClassName().replaceAll("\\$\\$Lambda.*|\\$[0-9]+", ""))
        .append('.')
        .append(frame.getMethodName().replaceAll("\\$[0-9]+$", ""));
  }

  private static boolean isApplication(String className) {
    for (String prefix : NOT_APPLICATION) {
      if (className.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }
}
