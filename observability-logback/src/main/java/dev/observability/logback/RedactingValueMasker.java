package dev.observability.logback;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import java.util.Objects;
import net.logstash.logback.mask.ValueMasker;

/**
 * A logstash-logback-encoder {@link ValueMasker} that runs {@link Redaction} over every string
 * value of a JSON log event: the message, MDC values, key-value pairs, arguments and stack traces.
 *
 * <pre>{@code
 * <encoder class="net.logstash.logback.encoder.LogstashEncoder">
 *   <jsonGeneratorDecorator class="net.logstash.logback.mask.MaskingJsonGeneratorDecorator">
 *     <valueMasker class="dev.observability.logback.RedactingValueMasker">
 *       <!-- all optional: more secret key names, kinds to leave alone, your own patterns
 *            (matches become ***), your own Redactor run after the built-in pass -->
 *       <secretKeys>pin_code,mothers_maiden_name</secretKeys>
 *       <disabledKinds>URL_CREDENTIALS</disabledKinds>
 *       <pattern>EMP-\d{6}+</pattern>
 *       <redactorClass>com.example.logging.TicketRedactor</redactorClass>
 *     </valueMasker>
 *   </jsonGeneratorDecorator>
 * </encoder>
 * }</pre>
 *
 * <p>Called by the encoder on the logging thread for each value. If redaction itself fails, the
 * value is replaced by {@value Redaction#MASK} rather than written unmasked.
 */
public final class RedactingValueMasker implements ValueMasker {

  private final RedactorSettings settings = new RedactorSettings();
  private volatile Redactor redactor = Redaction.defaults();

  /** Creates a masker with the default redactor; logback then calls the setters. */
  public RedactingValueMasker() {}

  /**
   * Creates a masker with the given redactor, for code that configures logback itself (for example
   * with {@code Observability.redactor()}).
   *
   * @param redactor the redactor
   */
  public RedactingValueMasker(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  /**
   * Adds secret key names, comma-separated.
   *
   * @param names the key names
   */
  public void setSecretKeys(String names) {
    settings.secretKeys(names);
    redactor = settings.build();
  }

  /**
   * Switches redaction kinds off, comma-separated names of {@link Redaction.Kind}.
   *
   * @param kinds the kinds
   * @throws IllegalArgumentException naming an unknown kind
   */
  public void setDisabledKinds(String kinds) {
    settings.disabledKinds(kinds);
    redactor = settings.build();
  }

  /**
   * Adds a regular expression whose matches are masked; one per {@code <pattern>} element.
   *
   * @param regex the pattern; prefer possessive quantifiers
   */
  public void addPattern(String regex) {
    settings.pattern(regex);
    redactor = settings.build();
  }

  /**
   * Adds the application's own redactor, run after the built-in pass.
   *
   * @param className a public class implementing {@link Redactor} with a public no-arg constructor
   * @throws IllegalArgumentException when the class does not fit
   */
  public void setRedactorClass(String className) {
    settings.redactorClass(className);
    redactor = settings.build();
  }

  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (!(value instanceof CharSequence)) {
      return null;
    }
    String original = value.toString();
    try {
      String redacted = redactor.redact(original);
      return redacted.equals(original) ? null : redacted;
    } catch (RuntimeException e) {
      return Redaction.MASK; // fail closed
    }
  }
}
