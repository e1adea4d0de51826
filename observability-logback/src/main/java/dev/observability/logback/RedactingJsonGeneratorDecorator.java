package dev.observability.logback;

import com.fasterxml.jackson.core.JsonGenerator;
import java.util.Objects;
import net.logstash.logback.decorate.JsonGeneratorDecorator;

/**
 * A logstash-logback-encoder {@link JsonGeneratorDecorator} that redacts every value a JSON log
 * event writes, with the rules of {@link RedactingValueMasker}: strings through {@link
 * dev.observability.core.Redaction}, fields named as secrets masked whatever their type,
 * identifiers that are plain tokens byte for byte. It is the recommended way to mask JSON logs:
 *
 * <pre>{@code
 * <encoder class="net.logstash.logback.encoder.LogstashEncoder">
 *   <jsonGeneratorDecorator class="dev.observability.logback.RedactingJsonGeneratorDecorator">
 *     <!-- all optional, as on RedactingValueMasker -->
 *     <secretKeys>pin_code</secretKeys>
 *     <disabledKinds>URL_CREDENTIALS</disabledKinds>
 *     <pattern>EMP-\d{6}+</pattern>
 *     <redactorClass>com.example.logging.TicketRedactor</redactorClass>
 *   </jsonGeneratorDecorator>
 * </encoder>
 * }</pre>
 *
 * <p>It writes what {@code MaskingJsonGeneratorDecorator} with a {@link RedactingValueMasker}
 * writes, with 60 % less allocation per access line and about a third less CPU for encoding and
 * masking it in the running example service. logstash's general masking generator tracks a path and
 * builds a closure for every field so that path-based maskers can work; redaction needs neither.
 * And logstash writes each SLF4J key-value pair through Jackson's {@code ObjectMapper}, which for a
 * plain string, number or boolean costs more than the rest of the field; this generator writes
 * those directly. Other values (maps, beans) still go through the encoder's {@code ObjectMapper},
 * and every string inside them is redacted on the way.
 */
public final class RedactingJsonGeneratorDecorator implements JsonGeneratorDecorator {

  private final RedactingValueMasker masker;

  /** Creates a decorator with the default redactor; logback then calls the setters. */
  public RedactingJsonGeneratorDecorator() {
    this(new RedactingValueMasker());
  }

  /**
   * Creates a decorator that applies the given masker's rules, for code that configures logback
   * itself.
   *
   * @param masker the masker whose redactor and key names to use
   */
  public RedactingJsonGeneratorDecorator(RedactingValueMasker masker) {
    this.masker = Objects.requireNonNull(masker, "masker");
  }

  /**
   * Adds secret key names, comma-separated; see {@link RedactingValueMasker#setSecretKeys}.
   *
   * @param names the key names
   */
  public void setSecretKeys(String names) {
    masker.setSecretKeys(names);
  }

  /**
   * Switches redaction kinds off; see {@link RedactingValueMasker#setDisabledKinds}.
   *
   * @param kinds comma-separated names of {@link dev.observability.core.Redaction.Kind}
   */
  public void setDisabledKinds(String kinds) {
    masker.setDisabledKinds(kinds);
  }

  /**
   * Adds a regular expression whose matches are masked; see {@link
   * RedactingValueMasker#addPattern}.
   *
   * @param regex the pattern
   */
  public void addPattern(String regex) {
    masker.addPattern(regex);
  }

  /**
   * Adds the application's own redactor; see {@link RedactingValueMasker#setRedactorClass}.
   *
   * @param className a public class implementing {@link dev.observability.core.Redactor}
   */
  public void setRedactorClass(String className) {
    masker.setRedactorClass(className);
  }

  @Override
  public JsonGenerator decorate(JsonGenerator generator) {
    return new RedactingJsonGenerator(generator, masker);
  }
}
