package dev.observability.core.spi;

import dev.observability.core.Redaction;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the SDK's modules (and extensions built on them) report a failure of their own that they
 * contained instead of letting it reach the application: each is counted per component as {@value
 * #METRIC} and logged at most once a minute per component, with the exception message redacted.
 *
 * <pre>{@code
 * try {
 *   recordMetrics(request);
 * } catch (RuntimeException e) {
 *   ContainedFailures.report("servlet-filter", e); // the request goes on
 * }
 * }</pre>
 *
 * <p>Thread-safe and allocation-free after a component's first report; never throws.
 */
public final class ContainedFailures {

  /** The metric counting contained failures. */
  public static final String METRIC = "observability.internal.failures";

  private static final Logger LOG = LoggerFactory.getLogger("dev.observability.internal");
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static final CopyOnWriteArrayList<MeterRegistry> REGISTRIES =
      new CopyOnWriteArrayList<>();

  private ContainedFailures() {}

  /**
   * Counts a contained failure and logs it unless this component logged within the interval. Never
   * throws.
   *
   * @param component a short, bounded name such as {@code span-export}
   * @param failure what was thrown
   */
  public static void report(String component, Throwable failure) {
    try {
      Entry entry = ENTRIES.computeIfAbsent(component, ContainedFailures::newEntry);
      entry.count.incrementAndGet();
      long now = System.nanoTime();
      long last = entry.lastLogged.get();
      if ((last == 0 || now - last >= LOG_INTERVAL_NANOS)
          && entry.lastLogged.compareAndSet(last, now == 0 ? 1 : now)) {
        LOG.atWarn()
            .addKeyValue("component", component)
            .addKeyValue("exception", failure.getClass().getName())
            .addKeyValue("failures", entry.count.get())
            .log(
                "observability failure contained: {}",
                Redaction.forLog(String.valueOf(failure.getMessage())));
        LOG.debug("contained failure in {}", component, failure);
      }
    } catch (Throwable ignored) {
      // Reporting must never become the failure.
    }
  }

  /**
   * Returns how many failures {@code component} has reported.
   *
   * @param component the component name
   * @return the count
   */
  public static long count(String component) {
    Entry entry = ENTRIES.get(component);
    return entry == null ? 0 : entry.count.get();
  }

  /**
   * Publishes the counts to {@code registry}, for components seen so far and later.
   *
   * @param registry the registry
   */
  public static void bindTo(MeterRegistry registry) {
    if (REGISTRIES.addIfAbsent(registry)) {
      ENTRIES.forEach((component, entry) -> register(registry, component, entry));
    }
  }

  /**
   * Stops publishing to {@code registry}.
   *
   * @param registry the registry
   */
  public static void unbind(MeterRegistry registry) {
    REGISTRIES.remove(registry);
  }

  private static Entry newEntry(String component) {
    Entry entry = new Entry();
    for (MeterRegistry registry : REGISTRIES) {
      register(registry, component, entry);
    }
    return entry;
  }

  private static void register(MeterRegistry registry, String component, Entry entry) {
    FunctionCounter.builder(METRIC, entry.count, AtomicLong::get)
        .tag("component", component)
        .description("Failures inside the observability library that were contained")
        .register(registry);
  }

  private static final class Entry {
    final AtomicLong count = new AtomicLong();
    final AtomicLong lastLogged = new AtomicLong();
  }
}
