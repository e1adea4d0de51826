package dev.observability.core;

import dev.observability.core.internal.redaction.RedactionEngine;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ready-made {@link Redactor}s and ways to combine them, for {@link
 * Observability.Builder#redactor(Redactor)} and the logback masker.
 *
 * <pre>{@code
 * Redactor redactor = Redactors.composite(
 *     Redactors.secretValues("pin_code", "mothers_maiden_name"),   // the defaults plus two key names
 *     Redactors.pattern(Pattern.compile("EMP-\\d{6}+"), "EMP-******"));
 * Observability.builder().redactor(redactor).install();
 * }</pre>
 *
 * <p>Every redactor here is immutable and thread-safe, returns the same string when nothing was
 * masked, and costs linear time on any input (the built-in kinds are one pass without regular
 * expressions; a {@link #pattern} is as fast as its pattern).
 */
public final class Redactors {

  private Redactors() {}

  /**
   * Returns the redactor with every {@link Redaction.Kind} switched on and the default secret key
   * names; what every module uses unless told otherwise.
   *
   * @return the default redactor
   */
  public static Redactor defaults() {
    return Redaction.defaults();
  }

  /**
   * Returns a redactor that masks only the given kinds.
   *
   * @param first a kind to mask
   * @param more further kinds
   * @return the redactor
   */
  public static Redactor only(Redaction.Kind first, Redaction.Kind... more) {
    EnumSet<Redaction.Kind> off = EnumSet.complementOf(EnumSet.of(first, more));
    return Redaction.builder().disable(off.toArray(new Redaction.Kind[0])).build();
  }

  /**
   * Returns a redactor of e-mail addresses: {@code jane@example.com} becomes {@code
   * j***@example.com}.
   *
   * @return the redactor
   */
  public static Redactor emails() {
    return only(Redaction.Kind.EMAIL);
  }

  /**
   * Returns a redactor of card numbers that pass the Luhn check; the last four digits stay.
   *
   * @return the redactor
   */
  public static Redactor cardNumbers() {
    return only(Redaction.Kind.CARD_NUMBER);
  }

  /**
   * Returns a redactor of credentials recognisable by their shape: JSON Web Tokens, {@code
   * Bearer}/{@code Basic} credentials, AWS access key IDs and platform tokens.
   *
   * @return the redactor
   */
  public static Redactor tokens() {
    return only(
        Redaction.Kind.JWT,
        Redaction.Kind.AUTHORIZATION,
        Redaction.Kind.AWS_ACCESS_KEY,
        Redaction.Kind.PLATFORM_TOKEN);
  }

  /**
   * Returns a redactor of passwords in URL user-info: {@code https://user:***@host}.
   *
   * @return the redactor
   */
  public static Redactor urlCredentials() {
    return only(Redaction.Kind.URL_CREDENTIALS);
  }

  /**
   * Returns the default redactor with further secret key names: their values are masked in {@code
   * key=value} text, {@code key: value} lines and JSON. A name matches any key that contains it
   * after normalisation (case, percent-encoding, {@code -} and {@code .} read as {@code _}).
   *
   * @param keyNames the extra key names
   * @return the redactor
   */
  public static Redactor secretValues(String... keyNames) {
    return Redaction.builder().secretKeys(keyNames).build();
  }

  /**
   * Returns the test of whether a field, header or parameter of that name holds a secret, whatever
   * its value: the built-in names ({@code password}, {@code secret}, {@code token}, {@code
   * api_key}, {@code authorization}, {@code cookie}, … anywhere in the name; {@code pin}, {@code
   * ssn}, … as the whole name) plus {@code extraKeyNames}. This is the test {@link
   * #secretValues(String...)} applies to keys in text; the logback masker applies it to JSON field
   * names.
   *
   * @param extraKeyNames further names, matched anywhere in a key after normalisation
   * @return the test; thread-safe
   */
  public static Predicate<String> secretKeyNames(String... extraKeyNames) {
    return RedactionEngine.secretKeyNames(List.of(extraKeyNames));
  }

  /**
   * Returns a redactor that replaces every match of {@code pattern}. A pattern that can backtrack
   * makes the redactor as slow as it on hostile input, so prefer possessive quantifiers.
   *
   * @param pattern the pattern
   * @param replacement the replacement, as for {@link Matcher#replaceAll(String)}
   * @return the redactor
   */
  public static Redactor pattern(Pattern pattern, String replacement) {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(replacement, "replacement");
    return text -> {
      Matcher matcher = pattern.matcher(text);
      return matcher.find() ? matcher.replaceAll(replacement) : text.toString();
    };
  }

  /**
   * Returns a redactor that applies {@code redactors} in order, each to the output of the one
   * before.
   *
   * @param redactors the redactors
   * @return the combined redactor ({@link Redactor#none()} for none)
   */
  public static Redactor composite(Redactor... redactors) {
    Redactor result = null;
    for (Redactor redactor : redactors) {
      Objects.requireNonNull(redactor, "redactor");
      result = result == null ? redactor : result.andThen(redactor);
    }
    return result == null ? Redactor.none() : result;
  }

  /**
   * Starts building a redactor from the built-in kinds; see {@link Redaction.Builder}.
   *
   * @return a new builder with every kind switched on
   */
  public static Redaction.Builder builder() {
    return Redaction.builder();
  }
}
