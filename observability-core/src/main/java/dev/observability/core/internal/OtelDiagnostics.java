package dev.observability.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Sends OpenTelemetry's own diagnostics (export failures, a full queue) to the application's
 * logging through SLF4J, as one line each and at most once a minute per message, instead of
 * multi-line text on standard error through {@code java.util.logging}.
 *
 * <p>Installed on the {@code io.opentelemetry} logger while at least one instance that built its
 * own SDK is open, and removed with the last one, so nothing of a web application stays on the
 * JVM-wide logger after it is undeployed. Written by hand because the bridges that exist ({@code
 * jul-to-slf4j}) take over every {@code java.util.logging} logger and neither shorten nor limit
 * what they pass on.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class OtelDiagnostics extends Handler {

  private static final String LOGGER = "io.opentelemetry";
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Object LOCK = new Object();
  private static int users;
  private static @Nullable Logger otelLogger; // held: java.util.logging keeps loggers weakly
  private static @Nullable OtelDiagnostics installed;
  private static boolean parentHandlers;

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private OtelDiagnostics() {}

  /** Routes the diagnostics to SLF4J, for one more user. */
  public static void acquire() {
    synchronized (LOCK) {
      if (users++ > 0) {
        return;
      }
      Logger logger = Logger.getLogger(LOGGER);
      OtelDiagnostics handler = new OtelDiagnostics();
      parentHandlers = logger.getUseParentHandlers();
      logger.addHandler(handler);
      logger.setUseParentHandlers(false);
      otelLogger = logger;
      installed = handler;
    }
  }

  /** Gives one user back; the last one restores {@code java.util.logging} as it was. */
  public static void release() {
    synchronized (LOCK) {
      if (users == 0 || --users > 0) {
        return;
      }
      Logger logger = otelLogger;
      if (logger != null) {
        logger.removeHandler(installed);
        logger.setUseParentHandlers(parentHandlers);
      }
      otelLogger = null;
      installed = null;
    }
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    try {
      String template = String.valueOf(record.getMessage());
      Window window =
          windows.computeIfAbsent(record.getLoggerName() + '\u0000' + template, k -> new Window());
      long suppressed = window.admit(System.nanoTime());
      if (suppressed < 0) {
        return;
      }
      org.slf4j.Logger target =
          LoggerFactory.getLogger(record.getLoggerName() == null ? LOGGER : record.getLoggerName());
      String line = oneLine(record) + (suppressed > 0 ? " (" + suppressed + " more like it)" : "");
      int level = record.getLevel().intValue();
      if (level >= Level.SEVERE.intValue()) {
        target.error(line);
      } else if (level >= Level.WARNING.intValue()) {
        target.warn(line);
      } else if (level >= Level.INFO.intValue()) {
        target.info(line);
      } else {
        target.debug(line);
      }
    } catch (RuntimeException e) {
      // Diagnostics about diagnostics: never let them fail the exporter that logs them.
    }
  }

  private String oneLine(LogRecord record) {
    StringBuilder line = new StringBuilder(formatter.formatMessage(record));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      line.append(": ").append(thrown.getClass().getName());
      if (thrown.getMessage() != null) {
        line.append(": ").append(thrown.getMessage());
      }
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        line.setCharAt(i, ' ');
      }
    }
    return line.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** Admits one record per interval and counts the ones it turned away. */
  private static final class Window {
    private final AtomicLong openedAt = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong turnedAway = new AtomicLong();

    /** The number turned away since the last admitted one, or -1 to turn this one away. */
    long admit(long now) {
      long opened = openedAt.get();
      if (now - opened >= INTERVAL_NANOS && openedAt.compareAndSet(opened, now)) {
        return turnedAway.getAndSet(0);
      }
      turnedAway.incrementAndGet();
      return -1;
    }
  }
}
