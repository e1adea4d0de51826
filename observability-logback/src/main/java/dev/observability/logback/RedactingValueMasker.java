package dev.observability.logback;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import dev.observability.core.Redactors;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import net.logstash.logback.mask.ValueMasker;

/**
 * A logstash-logback-encoder {@link ValueMasker} that runs {@link Redaction} over every string
 * value of a JSON log event: the message, MDC values, key-value pairs, arguments and stack traces.
 *
 * <p>Field names count as much as values: a field named as a secret ({@code password}, {@code
 * secret}, {@code token}, {@code api_key}, {@code authorization}, {@code cookie}, … and the
 * configured {@code secretKeys}; see {@link dev.observability.core.Redactors#secretKeyNames}) is
 * written as {@value Redaction#MASK} whatever its value and type, so {@code addKeyValue("password",
 * "hunter2")} never reaches the log. Identifier fields ({@code request_id}, {@code trace_id},
 * {@code span_id}, {@code trace_flags}, and any field whose name ends in {@code _id} or {@code Id})
 * whose value is a plain token (letters, digits, {@code - _ . :}) are written byte for byte: a span
 * ID whose digits pass the Luhn check is not a card number, and correlation must not break. An
 * identifier holding anything else (an e-mail address as a user ID) is redacted like any value.
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
 *
 * <p>{@link RedactingJsonGeneratorDecorator} applies these rules at less cost and is the
 * recommended configuration; this masker is for encoders that combine it with other maskers.
 */
public final class RedactingValueMasker implements ValueMasker {

  /** Field names seen, classified once; field names come from code, so this stays small. */
  private static final int MAX_CLASSIFIED_FIELDS = 1024;

  /** One look-up per character: IDs are checked on every line (trace, span and request ID). */
  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN_CHARS[c] = true;
      TOKEN_CHARS[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      TOKEN_CHARS[c] = true;
    }
    for (char c : "-_.:".toCharArray()) {
      TOKEN_CHARS[c] = true;
    }
  }

  private final RedactorSettings settings = new RedactorSettings();
  private volatile Redactor redactor = Redaction.defaults();
  private volatile Predicate<String> secretKeyNames = Redactors.secretKeyNames();
  private volatile Map<String, Field> fields = new ConcurrentHashMap<>();

  private enum Field {
    SECRET,
    IDENTIFIER,
    OTHER
  }

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
    secretKeyNames = settings.secretKeyNames();
    fields = new ConcurrentHashMap<>();
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
    String name = context == null ? null : context.getCurrentName();
    if (name != null && value != null) {
      Field field = classify(name);
      if (field == Field.SECRET) {
        return Redaction.MASK;
      }
      if (field == Field.IDENTIFIER
          && value instanceof CharSequence
          && isToken((CharSequence) value)) {
        return null;
      }
    }
    if (!(value instanceof CharSequence)) {
      return null;
    }
    String original = value.toString();
    try {
      String redacted = escapeWhatJsonLeaves(redactor.redact(original));
      return redacted.equals(original) ? null : redacted;
    } catch (RuntimeException e) {
      return Redaction.MASK; // fail closed
    }
  }

  /** Whether the value about to be written in this context belongs to a field named as a secret. */
  boolean isSecretField(JsonStreamContext context) {
    String name = context == null ? null : context.getCurrentName();
    return name != null && classify(name) == Field.SECRET;
  }

  private Field classify(String name) {
    Map<String, Field> known = fields;
    Field field = known.get(name);
    if (field == null) {
      field =
          secretKeyNames.test(name)
              ? Field.SECRET
              : isIdentifierName(name) ? Field.IDENTIFIER : Field.OTHER;
      if (known.size() < MAX_CLASSIFIED_FIELDS) {
        known.put(name, field);
      }
    }
    return field;
  }

  private static boolean isIdentifierName(String name) {
    return name.equals("trace_flags")
        || name.endsWith("_id")
        || name.endsWith("Id")
        || name.equalsIgnoreCase("id");
  }

  /** Letters, digits and {@code - _ . :} only: an ID, not text that could carry a secret. */
  private static boolean isToken(CharSequence value) {
    int n = value.length();
    if (n == 0 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= TOKEN_CHARS.length || !TOKEN_CHARS[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * JSON encoders escape C0 controls but write C1 controls (NEL among them), U+2028, U+2029 and
   * bidirectional controls as they are; a log viewer then breaks or reorders the line. They become
   * visible {@code \\uXXXX} text, as {@code Redactor.forLog} writes them.
   */
  static String escapeWhatJsonLeaves(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && !needsEscape(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n + 12).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (needsEscape(c)) {
        out.append("\\u").append(String.format("%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    // One comparison for the ASCII that nearly every log value is made of.
    return c >= 0x7f && needsEscapeBeyondAscii(c);
  }

  private static boolean needsEscapeBeyondAscii(char c) {
    return c <= 0x9f
        || c == '\u2028'
        || c == '\u2029'
        || c >= '\u202a' && c <= '\u202e'
        || c >= '\u2066' && c <= '\u2069'
        || c == '\u200e'
        || c == '\u200f';
  }
}
