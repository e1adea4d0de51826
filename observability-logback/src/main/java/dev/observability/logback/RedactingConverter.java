package dev.observability.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import java.util.List;

/**
 * A logback pattern converter, {@code %redact(...)}, that passes what it wraps through {@link
 * Redactor#forLog(CharSequence)} of the default redactor (or the one its options build): secrets
 * and personal data masked, line breaks and control characters escaped, so one event stays one
 * line.
 *
 * <pre>{@code
 * <conversionRule conversionWord="redact" class="dev.observability.logback.RedactingConverter"/>
 * <pattern>%d %-5level [%X{request_id}] %logger - %redact(%msg %ex){}%n</pattern>
 * }</pre>
 *
 * <p>Options, comma-separated in the block after the parenthesis, are those of {@link
 * RedactingValueMasker}: {@code %redact(%msg){secretKeys=pin_code;mothers_maiden_name,
 * disabledKinds=EMAIL, pattern=EMP-[0-9]++, redactorClass=com.example.TicketRedactor}} (a pattern
 * given here may hold neither commas nor braces; the masker takes any).
 *
 * <p>Put the exception inside, as {@code %ex} above: logback otherwise appends the stack trace
 * itself, outside the converter, unmasked and over several lines.
 *
 * <p>Keep the empty option block {@code {}} when another conversion word follows the closing
 * parenthesis directly: logback 1.5 otherwise prints that word (here {@code %n}) literally.
 *
 * <p>Called on the logging thread; never throws (a failure writes {@value Redaction#MASK}).
 */
public final class RedactingConverter extends CompositeConverter<ILoggingEvent> {

  private Redactor redactor = Redaction.defaults();

  /** Creates the converter; logback instantiates it. */
  public RedactingConverter() {}

  @Override
  public void start() {
    List<String> options = getOptionList();
    if (options != null && !options.isEmpty()) {
      RedactorSettings settings = new RedactorSettings();
      for (String option : options) {
        int eq = option.indexOf('=');
        if (option.isBlank()) {
          continue;
        }
        if (eq < 0 || !settings.apply(option.substring(0, eq), option.substring(eq + 1))) {
          addError("unknown %redact option '" + option + "'");
        }
      }
      redactor = settings.build();
    }
    super.start();
  }

  @Override
  protected String transform(ILoggingEvent event, String in) {
    try {
      return redactor.forLog(in);
    } catch (RuntimeException e) {
      return Redaction.MASK;
    }
  }
}
