package dev.observability.core.internal.redaction;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which key names mark a secret value: built-in names plus the user's, matched normalised. */
final class KeyNames {

  /** Names that mark a secret wherever they occur inside a (normalised) key. */
  private static final String[] DEFAULT_PARTS = {
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "access_key",
    "accesskey", // AWSAccessKeyId of pre-signed URLs
    "private_key",
    "credential",
    "authorization",
    "cookie",
    "signature",
    "accountkey" // Azure storage connection strings
  };

  /**
   * Query and form parameters that carry a credential (an OAuth authorization code, an API key, a
   * URL signature) but are ordinary words elsewhere ({@code "code": "validation_failed"}); they
   * count only as a parameter of a query string.
   */
  private static final String[] QUERY_WHOLE = {"code", "key", "sig"};

  /** Names that mark a secret only when they are the whole (normalised) key. */
  private static final String[] DEFAULT_WHOLE = {
    "pass", "pin", "auth", "session", "sessionid", "jsessionid", "ssn", "cvv", "cvc", "otp"
  };

  private final String[] parts;
  private final String[] whole;

  KeyNames(List<String> extraParts) {
    String[] all = Arrays.copyOf(DEFAULT_PARTS, DEFAULT_PARTS.length + extraParts.size());
    for (int i = 0; i < extraParts.size(); i++) {
      all[DEFAULT_PARTS.length + i] = normalise(extraParts.get(i));
    }
    this.parts = all;
    this.whole = DEFAULT_WHOLE;
  }

  /** Whether the key in {@code [start, end)} of {@code s} names a secret. */
  boolean isSecret(String s, int start, int end) {
    String key = normalise(s.substring(start, end));
    for (String exact : whole) {
      if (key.equals(exact)) {
        return true;
      }
    }
    for (String part : parts) {
      if (key.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the key in {@code [start, end)} names a secret when it is a query parameter. */
  boolean isQuerySecret(String s, int start, int end) {
    String key = normalise(s.substring(start, end));
    for (String exact : QUERY_WHOLE) {
      if (key.equals(exact)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Normalises a key name for matching: percent-decoding, lower case, {@code -} and {@code .} as
   * {@code _}, surrounding quotes removed.
   */
  static String normalise(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '%'
          && i + 2 < key.length()
          && CharClasses.hex(key.charAt(i + 1)) >= 0
          && CharClasses.hex(key.charAt(i + 2)) >= 0) {
        c = (char) (CharClasses.hex(key.charAt(i + 1)) * 16 + CharClasses.hex(key.charAt(i + 2)));
        i += 2;
      }
      if (c == '-' || c == '.') {
        c = '_';
      }
      if (c != '"' && c != '\'') {
        b.append(c);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
