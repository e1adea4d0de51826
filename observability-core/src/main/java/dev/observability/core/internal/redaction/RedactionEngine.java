package dev.observability.core.internal.redaction;

import dev.observability.core.Redaction;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The single-pass redactor behind {@code Redaction}: a {@link Scan} of the text that hands each
 * trigger character to the one detector of its kind. Detectors of kinds switched off are absent.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class RedactionEngine {

  /** What replaces a secret. */
  public static final String MASK = CharClasses.MASK;

  private final EmailDetector emails;
  private final CardDetector cards;
  private final KeyValueDetector keyValues;
  private final UrlCredentialsDetector urlCredentials;
  private final TokenDetector tokens;

  /**
   * Creates an engine.
   *
   * @param kinds the kinds to mask
   * @param extraSecretKeyParts further key names, matched anywhere in a key
   */
  public RedactionEngine(Set<Redaction.Kind> kinds, List<String> extraSecretKeyParts) {
    this.emails = kinds.contains(Redaction.Kind.EMAIL) ? new EmailDetector() : null;
    this.cards = kinds.contains(Redaction.Kind.CARD_NUMBER) ? new CardDetector() : null;
    this.keyValues =
        kinds.contains(Redaction.Kind.SECRET_VALUE)
            ? new KeyValueDetector(new KeyNames(List.copyOf(extraSecretKeyParts)))
            : null;
    this.urlCredentials =
        kinds.contains(Redaction.Kind.URL_CREDENTIALS) ? new UrlCredentialsDetector() : null;
    this.tokens =
        new TokenDetector(
            kinds.contains(Redaction.Kind.JWT),
            kinds.contains(Redaction.Kind.AUTHORIZATION),
            kinds.contains(Redaction.Kind.AWS_ACCESS_KEY),
            kinds.contains(Redaction.Kind.PLATFORM_TOKEN));
  }

  /**
   * Returns whether a key name marks a secret value, by the built-in names plus {@code extra}
   * (normalised: case, percent-encoding, {@code -} and {@code .} as {@code _}).
   *
   * @param extra further key names, matched anywhere in a key
   * @return the test
   */
  public static Predicate<String> secretKeyNames(List<String> extra) {
    KeyNames names = new KeyNames(List.copyOf(extra));
    return name -> names.isSecret(name, 0, name.length());
  }

  /**
   * Masks every secret found in {@code input}.
   *
   * @param input the text
   * @return {@code input} itself when nothing was found, else the masked copy
   */
  public String redact(String input) {
    return new Scan(this, input).run();
  }

  /**
   * Returns whether the digits of {@code text} (single spaces or dashes between them ignored) form
   * a plausible card number: 13 to 19 digits passing the Luhn check.
   *
   * @param text the candidate
   * @return whether it passes
   */
  public static boolean isCardNumber(String text) {
    return CardDetector.isCardNumber(text);
  }

  /**
   * Masks every digit of a card number except the last four, keeping separators.
   *
   * @param s the text
   * @param start first index of the number
   * @param end index after the number
   * @param digits how many digits the number holds
   * @return the masked number
   */
  public static String maskCard(CharSequence s, int start, int end, int digits) {
    return CardDetector.maskCard(s, start, end, digits);
  }

  /** Runs the detector of {@code trigger} at {@code i}; returns where to go on, or -1. */
  int detect(Scan scan, byte trigger, int i) {
    switch (trigger) {
      case Scan.T_EMAIL:
        return emails == null ? -1 : emails.detect(scan, i);
      case Scan.T_EQUALS:
        return keyValues == null ? -1 : keyValues.detect(scan, i);
      case Scan.T_COLON:
        if (urlCredentials != null
            && i + 2 < scan.n
            && scan.s.charAt(i + 1) == '/'
            && scan.s.charAt(i + 2) == '/') {
          return urlCredentials.detect(scan, i + 3);
        }
        return keyValues == null ? -1 : keyValues.afterColon(scan, i);
      case Scan.T_PERCENT:
        return emails == null ? -1 : emails.detectEncoded(scan, i);
      case Scan.T_DIGIT:
        return cards == null ? -1 : cards.detect(scan, i);
      default:
        return tokens.detect(scan, i);
    }
  }
}
