package dev.observability.core.internal.redaction;

/** The character classes the detectors share; ASCII tests without a table look-up. */
final class CharClasses {

  /** What replaces a secret. */
  static final String MASK = "***";

  private CharClasses() {}

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || isDigit(c);
  }

  static boolean isWordChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  static boolean isLocalPartChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  static boolean isKeyChar(char c) {
    return isAsciiLetterOrDigit(c)
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '%'
        || c == '['
        || c == ']';
  }

  static boolean isBase64UrlChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '_';
  }

  static boolean isCredentialChar(char c) {
    return isAsciiLetterOrDigit(c)
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/'
        || c == '=';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static boolean isJsonScalarEnd(char c) {
    return c == ',' || c == '}' || c == ']' || isSpace(c);
  }

  static boolean isValueDelimiter(char c, boolean toLineEnd) {
    if (c == '\n' || c == '\r' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\''
        || c == '}' || c == ']' || c == '<' || c == '>') {
      return true;
    }
    return !toLineEnd && (c == ' ' || c == '\t' || c == ')');
  }
}
