package dev.observability.servlet.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access-log event per request on the access logger, with the design's fields as SLF4J
 * key-value pairs (logstash-logback-encoder renders them as JSON fields) and the MDC of the
 * request. Headers such as {@code Authorization} and {@code Cookie} are never logged.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class AccessLog {

  private final Logger logger;

  AccessLog(String loggerName) {
    this.logger = LoggerFactory.getLogger(loggerName);
  }

  void log(ServerExchange exchange, Outcome outcome) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    long millis = outcome.durationNanos() / 1_000_000;
    var event =
        logger
            .atInfo()
            .addKeyValue("method", exchange.method)
            .addKeyValue("path", exchange.safePath)
            .addKeyValue("route", outcome.route())
            .addKeyValue("status_code", outcome.status())
            .addKeyValue("duration_ms", millis)
            .addKeyValue("ip_address", exchange.clientIp)
            .addKeyValue("user_agent", exchange.userAgent);
    if (exchange.safeQuery != null) {
      event = event.addKeyValue("query", exchange.safeQuery);
    }
    // One finished string rather than a pattern and four arguments: no argument array, no
    // boxing, and nothing left for the encoder to format.
    event.log(
        exchange.method + ' ' + outcome.route() + ' ' + outcome.status() + ' ' + millis + "ms");
  }
}
