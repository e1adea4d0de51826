package dev.observability.core;

import dev.observability.core.internal.LogText;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Masks sensitive values in text. The library's own implementation is built by {@link
 * Redaction#builder()}; {@link Redaction#defaults()} is the one every module uses unless told
 * otherwise.
 *
 * <p>Called synchronously on the thread that logs or records the value, often on a request's hot
 * path: an implementation must be thread-safe, must not block, and should not throw (callers
 * contain a throwing redactor by dropping the value rather than letting it through unmasked).
 */
@FunctionalInterface
public interface Redactor {

  /**
   * Returns {@code text} with sensitive values masked.
   *
   * @param text the text, never {@code null}
   * @return the masked text; implementations return the same string when nothing was masked
   */
  String redact(CharSequence text);

  /**
   * Redacts {@code text} and then neutralises what could forge or disguise a log line: CR, LF,
   * U+0085, U+2028 and U+2029, other control characters (ANSI escape sequences included),
   * bidirectional overrides and lone surrogates.
   *
   * @param text the text, may be {@code null}
   * @return the safe text, or {@code null} for {@code null}
   */
  default @Nullable String forLog(@Nullable CharSequence text) {
    return text == null ? null : LogText.neutralise(redact(text));
  }

  /**
   * Returns a redactor that first applies this one and then {@code next}.
   *
   * @param next the redactor to apply second
   * @return the combined redactor
   */
  default Redactor andThen(Redactor next) {
    Objects.requireNonNull(next, "next");
    return text -> next.redact(redact(text));
  }

  /**
   * Returns a redactor that leaves text unchanged.
   *
   * @return the identity redactor
   */
  static Redactor none() {
    return CharSequence::toString;
  }
}
