package dev.observability.core.internal;

/**
 * Neutralises characters that let a value forge or disguise log lines (CWE-117).
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class LogText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogText() {}

  /**
   * Escapes line breaks (CR, LF, U+0085, U+2028, U+2029), every other C0 and C1 control character
   * (so ANSI escape sequences lose their ESC), bidirectional overrides, and replaces lone
   * surrogates with U+FFFD.
   *
   * @param text the text
   * @return {@code text} itself when nothing needed escaping
   */
  public static String neutralise(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && isSafe(text, i)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else if (needsEscape(c)) {
        escape(out, c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isSafe(String text, int i) {
    char c = text.charAt(i);
    if (c >= 0x20 && c < 0x7f) {
      return true;
    }
    if (Character.isSurrogate(c)) {
      return Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return !needsEscape(c);
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static void escape(StringBuilder out, char c) {
    switch (c) {
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u")
            .append(HEX[(c >> 12) & 15])
            .append(HEX[(c >> 8) & 15])
            .append(HEX[(c >> 4) & 15])
            .append(HEX[c & 15]);
    }
  }
}
