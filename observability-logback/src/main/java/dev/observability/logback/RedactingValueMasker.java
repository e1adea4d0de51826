package dev.observability.logback;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.mask.ValueMasker;

/**
 * A logstash-logback-encoder {@link ValueMasker} that runs {@link Redaction} over every string
 * value of a JSON log event: the message, MDC values, key-value pairs, arguments and stack traces.
 *
 * <pre>{@code
 * <encoder class="net.logstash.logback.encoder.LogstashEncoder">
 *   <jsonGeneratorDecorator class="net.logstash.logback.mask.MaskingJsonGeneratorDecorator">
 *     <valueMasker class="dev.observability.logback.RedactingValueMasker">
 *       <!-- optional: more secret key names, kinds to leave alone -->
 *       <secretKeys>pin_code,mothers_maiden_name</secretKeys>
 *       <disabledKinds>URL_CREDENTIALS</disabledKinds>
 *     </valueMasker>
 *   </jsonGeneratorDecorator>
 * </encoder>
 * }</pre>
 *
 * <p>Called by the encoder on the logging thread for each value. If redaction itself fails, the
 * value is replaced by {@value Redaction#MASK} rather than written unmasked.
 */
public final class RedactingValueMasker implements ValueMasker {

  private final List<String> secretKeys = new ArrayList<>();
  private final List<Redaction.Kind> disabled = new ArrayList<>();
  private volatile Redactor redactor = Redaction.defaults();

  /** Creates a masker with the default redactor; logback then calls the setters. */
  public RedactingValueMasker() {}

  /**
   * Adds secret key names, comma-separated.
   *
   * @param names the key names
   */
  public void setSecretKeys(String names) {
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        secretKeys.add(name.trim());
      }
    }
    rebuild();
  }

  /**
   * Switches redaction kinds off, comma-separated names of {@link Redaction.Kind}.
   *
   * @param kinds the kinds
   * @throws IllegalArgumentException naming an unknown kind
   */
  public void setDisabledKinds(String kinds) {
    for (String kind : kinds.split(",")) {
      if (!kind.isBlank()) {
        disabled.add(Redaction.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
      }
    }
    rebuild();
  }

  private void rebuild() {
    redactor = Redaction.builder()
        .secretKeys(secretKeys.toArray(new String[0]))
        .disable(disabled.toArray(new Redaction.Kind[0]))
        .build();
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
