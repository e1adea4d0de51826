package dev.observability.core.spi;

import dev.observability.core.Redactor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.ExceptionAttributes;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Records an exception on a span as OpenTelemetry's {@code Span.recordException} does (an event
 * named {@code exception} with {@code exception.type}, {@code exception.message} and {@code
 * exception.stacktrace}), but with the message and the stack trace passed through the redactor
 * first: exception messages are untrusted text (a driver's duplicate-key message carries the bound
 * value, a client library's carries the URL with its token), and a span leaves the process.
 *
 * <pre>{@code
 * SpanExceptions.record(span, failure, observability.redactor());
 * }</pre>
 */
public final class SpanExceptions {

  /** The event name OpenTelemetry's semantic conventions give a recorded exception. */
  public static final String EVENT_NAME = "exception";

  private SpanExceptions() {}

  /**
   * Adds the exception event to {@code span}, redacted; does nothing for a span that does not
   * record (so an unsampled request renders no stack trace). Never throws.
   *
   * @param span the span
   * @param failure what was thrown
   * @param redactor masks the message and the stack trace (causes included)
   */
  public static void record(Span span, Throwable failure, Redactor redactor) {
    if (!span.isRecording()) {
      return;
    }
    try {
      AttributesBuilder attributes =
          Attributes.builder()
              .put(ExceptionAttributes.EXCEPTION_TYPE, failure.getClass().getName());
      String message = failure.getMessage();
      if (message != null) {
        attributes.put(ExceptionAttributes.EXCEPTION_MESSAGE, redactor.redact(message));
      }
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      attributes.put(ExceptionAttributes.EXCEPTION_STACKTRACE, redactor.redact(trace.toString()));
      span.addEvent(EVENT_NAME, attributes.build());
    } catch (RuntimeException e) {
      ContainedFailures.report("span-exception", e);
    }
  }
}
