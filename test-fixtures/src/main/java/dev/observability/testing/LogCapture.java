package dev.observability.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures the events of one logback logger while open. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // Freeze the MDC and arguments now, on the logging thread, as an async appender would.
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private LogCapture(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing {@code loggerName} and its children. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** The events captured so far. */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The events captured so far whose message is {@code message}. */
  public List<ILoggingEvent> withMessage(String message) {
    return events().stream()
        .filter(e -> e.getMessage().equals(message))
        .collect(Collectors.toList());
  }

  /** The value of key-value pair {@code key} of {@code event}, or {@code null}. */
  public static Object keyValue(ILoggingEvent event, String key) {
    if (event.getKeyValuePairs() == null) {
      return null;
    }
    return event.getKeyValuePairs().stream()
        .filter(kv -> kv.key.equals(key))
        .map(kv -> kv.value)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
