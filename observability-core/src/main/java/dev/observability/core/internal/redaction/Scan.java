package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.isWordChar;

/**
 * One pass over one text: the loop that stops only at trigger characters, the output built lazily
 * (nothing is allocated when nothing is masked), and the detectors' progress marks.
 *
 * <p>How it stays linear: the loop looks at each character once and only stops at trigger
 * characters (a table look-up). Detectors that look backwards are bounded and never look behind
 * text already emitted ({@link #copied}); detectors that scan forward consume what they scanned or
 * leave a mark of how far they got, so no stretch of input is scanned again by the same detector.
 */
final class Scan {

  /** Text this long or longer is scanned in chunks of this many characters. */
  private static final int CHUNK = 1024;

  static final byte T_EMAIL = 1;
  static final byte T_EQUALS = 2;
  static final byte T_COLON = 3;
  static final byte T_DIGIT = 4;
  static final byte T_WORD = 5;
  static final byte T_PERCENT = 6;

  private static final byte[] TRIGGER = new byte[128];

  /**
   * ASCII letters, digits and underscore: what {@link CharClasses#isWordChar} accepts below 128.
   */
  private static final boolean[] ASCII_WORD = new boolean[128];

  /**
   * Whether a detector can start at an ASCII character, indexed by {@code c << 1 | afterWord}: '@',
   * '=' and ':' anywhere, trigger letters and digits only where a word starts. One look-up instead
   * of two data-dependent branches, which on prose mispredict at every other word.
   */
  private static final boolean[] STARTS = new boolean[256];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_WORD[c] = CharClasses.isAsciiLetterOrDigit(c) || c == '_';
    }
    TRIGGER['@'] = T_EMAIL;
    TRIGGER['='] = T_EQUALS;
    TRIGGER[':'] = T_COLON;
    TRIGGER['%'] = T_PERCENT;
    for (char c = '0'; c <= '9'; c++) {
      TRIGGER[c] = T_DIGIT;
    }
    for (char c : TokenDetector.FIRST_LETTERS.toCharArray()) {
      TRIGGER[c] = T_WORD;
    }
    for (char c = 0; c < 128; c++) {
      STARTS[c << 1] = TRIGGER[c] != 0;
      STARTS[c << 1 | 1] = TRIGGER[c] != 0 && (TRIGGER[c] <= T_COLON || TRIGGER[c] == T_PERCENT);
    }
  }

  final String s;
  final int n;
  private final RedactionEngine engine;
  private StringBuilder out;

  /** Everything before this index has been emitted (or will be, unchanged). */
  int copied;

  /** How far the JWT detector has scanned without finding a token. */
  int jwtScannedTo;

  /** How far the credential detector has scanned. */
  int bearerScannedTo;

  /** How far the private-key detector has searched for an END line, and the one it found or -1. */
  int pemSearchedTo;

  int pemNextEnd = -1;

  Scan(RedactionEngine engine, String s) {
    this.engine = engine;
    this.s = s;
    this.n = s.length();
  }

  String run() {
    if (n < CHUNK) {
      scanDirect();
    } else {
      scanChunked();
    }
    if (out == null) {
      return s;
    }
    out.append(s, copied, n);
    return out.toString();
  }

  /** Replaces {@code [start, end)} with {@code replacement}. */
  void replace(int start, int end, CharSequence replacement) {
    if (out == null) {
      out = new StringBuilder(n + 16);
    }
    out.append(s, copied, start).append(replacement);
    copied = end;
  }

  boolean wordStart(int i) {
    return i == 0 || !isWordChar(s.charAt(i - 1));
  }

  private void scanDirect() {
    int afterWord = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 128) {
        afterWord = Character.isLetterOrDigit(c) ? 1 : 0;
        i++;
        continue;
      }
      if (STARTS[c << 1 | afterWord] && mayStartToken(c, i + 1 < n ? s.charAt(i + 1) : 0)) {
        int next = engine.detect(this, TRIGGER[c], i);
        if (next > i) {
          i = next;
          afterWord = isWordChar(s.charAt(next - 1)) ? 1 : 0;
          continue;
        }
      }
      afterWord = ASCII_WORD[c] ? 1 : 0;
      i++;
    }
  }

  private void scanChunked() {
    char[] buffer = new char[CHUNK];
    int i = 0;
    while (i < n) {
      int base = i;
      int length = Math.min(n - base, CHUNK);
      s.getChars(base, base + length, buffer, 0);
      int afterWord = base > 0 && isWordChar(s.charAt(base - 1)) ? 1 : 0;
      int j = 0;
      while (j < length) {
        char c = buffer[j];
        if (c >= 128) {
          afterWord = Character.isLetterOrDigit(c) ? 1 : 0;
          j++;
          continue;
        }
        if (STARTS[c << 1 | afterWord]
            && mayStartToken(
                c,
                j + 1 < length ? buffer[j + 1] : base + j + 1 < n ? s.charAt(base + j + 1) : 0)) {
          int at = base + j;
          int next = engine.detect(this, TRIGGER[c], at);
          if (next > at) {
            j = next - base; // may pass the chunk's end: the next chunk starts there
            afterWord = isWordChar(s.charAt(next - 1)) ? 1 : 0;
            continue;
          }
        }
        afterWord = ASCII_WORD[c] ? 1 : 0;
        j++;
      }
      i = base + j;
    }
  }

  private boolean mayStartToken(char c, char next) {
    return TRIGGER[c] != T_WORD || (next < 128 && TokenDetector.PAIRS[c << 7 | next]);
  }
}
