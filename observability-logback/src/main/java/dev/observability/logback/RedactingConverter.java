package dev.observability.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import dev.observability.core.Redaction;

/**
 * A logback pattern converter, {@code %redact(...)}, that passes what it wraps through {@link
 * Redaction#forLog(CharSequence)}: secrets and personal data masked, line breaks and control
 * characters escaped, so one event stays one line.
 *
 * <pre>{@code
 * <conversionRule conversionWord="redact" class="dev.observability.logback.RedactingConverter"/>
 * <pattern>%d %-5level [%X{request_id}] %logger - %redact(%msg){}%n</pattern>
 * }</pre>
 *
 * <p>Keep the empty option block {@code {}} when another conversion word follows the closing
 * parenthesis directly: logback 1.5 otherwise prints that word (here {@code %n}) literally.
 *
 * <p>Called on the logging thread; never throws (a failure writes {@value Redaction#MASK}).
 */
public final class RedactingConverter extends CompositeConverter<ILoggingEvent> {

  /** Creates the converter; logback instantiates it. */
  public RedactingConverter() {}

  @Override
  protected String transform(ILoggingEvent event, String in) {
    try {
      return Redaction.forLog(in);
    } catch (RuntimeException e) {
      return Redaction.MASK;
    }
  }
}
