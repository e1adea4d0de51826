package dev.observability.core.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * The single-pass scanner behind {@code Redaction}.
 *
 * <p>Internal; not for public use, may change at any time.
 *
 * <p>How it stays linear: the main loop looks at each character once and only stops at trigger
 * characters (a table look-up). Detectors that look backwards are bounded (a key or an e-mail
 * local part is at most 64 characters) and never look behind text already emitted. Detectors that
 * scan forward either consume what they scanned or remember how far they got, so no stretch of
 * input is scanned again by the same detector. No regular expression is used.
 */
public final class RedactionEngine {

  /** What replaces a secret. */
  public static final String MASK = "***";

  private static final int MAX_KEY = 64;
  private static final int MAX_LOCAL_PART = 64;
  private static final int MAX_DOMAIN = 253;
  private static final int MAX_USER_INFO = 256;
  /** Text this long or longer is scanned in chunks of this many characters. */
  private static final int CHUNK = 1024;

  private static final byte T_EMAIL = 1;
  private static final byte T_EQUALS = 2;
  private static final byte T_COLON = 3;
  private static final byte T_DIGIT = 4;
  private static final byte T_WORD = 5;

  private static final byte[] TRIGGER = new byte[128];
  /** ASCII letters, digits and underscore: the characters {@link #isWordChar} accepts below 128. */
  private static final boolean[] ASCII_WORD = new boolean[128];
  /**
   * Whether a detector can start at an ASCII character, indexed by {@code c << 1 | afterWord}:
   * '@', '=' and ':' anywhere, trigger letters and digits only where a word starts. One look-up
   * instead of two data-dependent branches, which on prose mispredict at every other word.
   */
  private static final boolean[] STARTS = new boolean[256];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_WORD[c] = isAsciiLetterOrDigit(c) || c == '_';
    }
    TRIGGER['@'] = T_EMAIL;
    TRIGGER['='] = T_EQUALS;
    TRIGGER[':'] = T_COLON;
    for (char c = '0'; c <= '9'; c++) {
      TRIGGER[c] = T_DIGIT;
    }
    for (char c : "eBbAgxsrn".toCharArray()) {
      TRIGGER[c] = T_WORD;
    }
    for (char c = 0; c < 128; c++) {
      STARTS[c << 1] = TRIGGER[c] != 0;
      STARTS[c << 1 | 1] = TRIGGER[c] != 0 && TRIGGER[c] <= T_COLON;
    }
  }

  private static final String[] AWS_PREFIXES = {
    "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "ABIA", "ACCA"
  };
  /** Token prefixes and the least number of token characters that must follow them. */
  private static final String[] TOKEN_PREFIXES = {
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-",
    "xoxr-", "xoxs-", "xoxe-", "xapp-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "npm_"
  };
  private static final int[] TOKEN_MIN_BODY = {
    30, 30, 30, 30, 30, 20, 20, 10, 10, 10, 10, 10, 10, 10, 16, 16, 16, 16, 30
  };
  /** Indexes into {@link #TOKEN_PREFIXES} by first letter, so a word is compared with few. */
  private static final int[][] TOKENS_BY_FIRST_LETTER = new int[128][];
  private static final String AWS_SECOND_LETTERS = "KSGIRNBC";

  static {
    for (char c = 0; c < 128; c++) {
      int count = 0;
      int[] matches = new int[TOKEN_PREFIXES.length];
      for (int p = 0; p < TOKEN_PREFIXES.length; p++) {
        if (TOKEN_PREFIXES[p].charAt(0) == c) {
          matches[count++] = p;
        }
      }
      TOKENS_BY_FIRST_LETTER[c] = Arrays.copyOf(matches, count);
    }
  }

  /**
   * The first two characters with which a token detector can match, indexed by {@code first << 7 |
   * second}: most words that start with a trigger letter ("shipped", "request", "Berlin") are
   * turned away here without a detector call.
   */
  private static final boolean[] TOKEN_PAIRS = new boolean[128 * 128];

  static {
    for (String prefix : TOKEN_PREFIXES) {
      TOKEN_PAIRS[prefix.charAt(0) << 7 | prefix.charAt(1)] = true;
    }
    TOKEN_PAIRS['e' << 7 | 'y'] = true; // eyJ: a JSON Web Token
    for (char first : "Bb".toCharArray()) {
      for (char second : "eEaA".toCharArray()) {
        TOKEN_PAIRS[first << 7 | second] = true; // Bearer, Basic, in any case
      }
    }
    for (char second : AWS_SECOND_LETTERS.toCharArray()) {
      TOKEN_PAIRS['A' << 7 | second] = true;
    }
  }

  /** Key names that mark a secret wherever they occur inside a (normalised) key. */
  public static final String[] DEFAULT_SECRET_KEY_PARTS = {
    "password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "api_key",
    "access_key", "private_key", "credential", "authorization", "cookie"
  };
  /** Key names that mark a secret only when they are the whole (normalised) key. */
  public static final String[] DEFAULT_SECRET_KEYS = {
    "pass", "pin", "auth", "session", "sessionid", "jsessionid", "ssn", "cvv", "cvc", "otp"
  };

  private final boolean emails;
  private final boolean cards;
  private final boolean jwts;
  private final boolean authorization;
  private final boolean awsKeys;
  private final boolean platformTokens;
  private final boolean secretValues;
  private final boolean urlCredentials;
  private final String[] secretKeyParts;
  private final String[] secretKeys;

  /**
   * Creates an engine.
   *
   * @param enabled which detectors run, in the order email, card, JWT, authorization, AWS key,
   *     platform token, secret key-value, URL credentials
   * @param extraSecretKeyParts further key names, matched anywhere in a key
   */
  public RedactionEngine(boolean[] enabled, String[] extraSecretKeyParts) {
    this.emails = enabled[0];
    this.cards = enabled[1];
    this.jwts = enabled[2];
    this.authorization = enabled[3];
    this.awsKeys = enabled[4];
    this.platformTokens = enabled[5];
    this.secretValues = enabled[6];
    this.urlCredentials = enabled[7];
    String[] parts = Arrays.copyOf(
        DEFAULT_SECRET_KEY_PARTS, DEFAULT_SECRET_KEY_PARTS.length + extraSecretKeyParts.length);
    for (int i = 0; i < extraSecretKeyParts.length; i++) {
      parts[DEFAULT_SECRET_KEY_PARTS.length + i] = normaliseKey(extraSecretKeyParts[i]);
    }
    this.secretKeyParts = parts;
    this.secretKeys = DEFAULT_SECRET_KEYS.clone();
  }

  /**
   * Masks every secret found in {@code input}.
   *
   * @param input the text
   * @return {@code input} itself (as a string) when nothing was found, else the masked copy
   */
  public String redact(String input) {
    return new Pass(input).run();
  }

  /** Per-call state: the input, the output built lazily, and the detectors' progress marks. */
  private final class Pass {
    private final String s;
    private final int n;
    private StringBuilder out;
    private int copied;
    private int jwtScannedTo;
    private int bearerScannedTo;

    Pass(String s) {
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

    /** The main loop for short text: reads the string itself, allocates nothing. */
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
          int next = detect(TRIGGER[c], i);
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

    /**
     * The same loop for long text, over chunks copied into a small buffer: the copy is one bulk
     * operation, and an array read skips the encoding and bounds checks of {@code charAt}.
     * Detectors still read the string.
     */
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
          if (STARTS[c << 1 | afterWord] && mayStartToken(c, j + 1 < length ? buffer[j + 1]
              : base + j + 1 < n ? s.charAt(base + j + 1) : 0)) {
            int at = base + j;
            int next = detect(TRIGGER[c], at);
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

    /** False when {@code c} starts a word that no token detector can match, given the next character. */
    private boolean mayStartToken(char c, char next) {
      return TRIGGER[c] != T_WORD || (next < 128 && TOKEN_PAIRS[c << 7 | next]);
    }

    /** Runs the detector of {@code trigger} at {@code i}; returns where to go on, or -1. */
    private int detect(byte trigger, int i) {
      switch (trigger) {
        case T_EMAIL:
          return emails ? email(i) : -1;
        case T_EQUALS:
          return secretValues ? keyValue(i) : -1;
        case T_COLON:
          return colon(i);
        case T_DIGIT:
          return cards ? card(i) : -1;
        default:
          return word(i);
      }
    }



    /** Replaces {@code [start, end)} with {@code replacement}. */
    private void replace(int start, int end, CharSequence replacement) {
      if (out == null) {
        out = new StringBuilder(n + 16);
      }
      out.append(s, copied, start).append(replacement);
      copied = end;
    }

    private boolean wordStart(int i) {
      return i == 0 || !isWordChar(s.charAt(i - 1));
    }

    // ---- e-mail addresses -------------------------------------------------------------------

    private int email(int at) {
      int floor = Math.max(copied, at - MAX_LOCAL_PART);
      int start = at;
      while (start > floor && isLocalPartChar(s.charAt(start - 1))) {
        start--;
      }
      while (start < at && s.charAt(start) == '.') {
        start++;
      }
      if (start == at) {
        return -1;
      }
      int limit = Math.min(n, at + 1 + MAX_DOMAIN);
      int end = at + 1;
      int lastDot = -1;
      while (end < limit) {
        char c = s.charAt(end);
        if (isAsciiLetterOrDigit(c) || c == '-') {
          end++;
        } else if (c == '.' && end + 1 < limit && isAsciiLetterOrDigit(s.charAt(end + 1))
            && s.charAt(end - 1) != '.') {
          lastDot = end;
          end++;
        } else {
          break;
        }
      }
      if (lastDot < 0 || !isAsciiLetterOrDigit(s.charAt(at + 1))) {
        return -1;
      }
      for (int k = lastDot + 1; k < end; k++) {
        if (!isAsciiLetter(s.charAt(k))) {
          return -1; // pkg@1.2.3 and similar: the last label of a host name is letters
        }
      }
      if (end - lastDot - 1 < 2) {
        return -1;
      }
      // git@github.com:org/repo is an SSH address, not a mailbox.
      if (end < n && s.charAt(end) == ':' && (end + 1 >= n || !isDigit(s.charAt(end + 1)))) {
        return -1;
      }
      if (end < n && (s.charAt(end) == '@' || isWordChar(s.charAt(end)))) {
        return -1;
      }
      replace(start + 1, at, MASK);
      return at + 1;
    }

    // ---- card numbers -----------------------------------------------------------------------

    private int card(int i) {
      if (!wordStart(i)) {
        return -1;
      }
      int digits = 0;
      int k = i;
      while (k < n) {
        char c = s.charAt(k);
        if (isDigit(c)) {
          digits++;
          k++;
        } else if ((c == ' ' || c == '-') && k + 1 < n && isDigit(s.charAt(k + 1))
            && isDigit(s.charAt(k - 1))) {
          k++;
        } else {
          break;
        }
      }
      if (digits < 13 || digits > 19 || (k < n && isWordChar(s.charAt(k)))) {
        return k;
      }
      // Issuer identification: every card scheme in use starts with 2 to 6, which keeps
      // millisecond timestamps and most order numbers out.
      char first = s.charAt(i);
      if (first < '2' || first > '6' || !luhn(s, i, k)) {
        return k;
      }
      replace(i, k, maskCard(s, i, k, digits));
      return k;
    }

    // ---- key=value and key: value ------------------------------------------------------------

    private int keyValue(int eq) {
      if (eq + 1 < n && s.charAt(eq + 1) == '=') {
        return eq + 2; // '==' is a comparison, not an assignment
      }
      int keyEnd = eq;
      while (keyEnd > copied && keyEnd > eq - 4 && s.charAt(keyEnd - 1) == ' ') {
        keyEnd--;
      }
      int keyStart = keyEnd;
      int floor = Math.max(copied, keyEnd - MAX_KEY);
      while (keyStart > floor && isKeyChar(s.charAt(keyStart - 1))) {
        keyStart--;
      }
      boolean truncated = keyStart == floor && keyStart > copied && isKeyChar(s.charAt(keyStart - 1));
      if (keyStart == keyEnd || truncated || !isSecretKey(s, keyStart, keyEnd)) {
        return -1;
      }
      int valueStart = eq + 1;
      while (valueStart < n && valueStart < eq + 5 && s.charAt(valueStart) == ' ') {
        valueStart++;
      }
      return maskValue(valueStart, false);
    }

    private int colon(int colon) {
      if (urlCredentials && colon + 2 < n && s.charAt(colon + 1) == '/'
          && s.charAt(colon + 2) == '/') {
        return urlUserInfo(colon + 3);
      }
      if (!secretValues) {
        return -1;
      }
      int q = colon;
      while (q > copied && q > colon - 8 && isSpace(s.charAt(q - 1))) {
        q--;
      }
      if (q > copied && s.charAt(q - 1) == '"') {
        return jsonMember(q - 1, colon);
      }
      // Plain "key: value", as in headers and YAML-like text.
      if (colon + 1 >= n || s.charAt(colon + 1) != ' ') {
        return -1;
      }
      int keyEnd = q;
      int keyStart = keyEnd;
      int floor = Math.max(copied, keyEnd - MAX_KEY);
      while (keyStart > floor && isKeyChar(s.charAt(keyStart - 1))) {
        keyStart--;
      }
      if (keyStart == keyEnd || !isSecretKey(s, keyStart, keyEnd)) {
        return -1;
      }
      int valueStart = colon + 1;
      while (valueStart < n && valueStart < colon + 5 && s.charAt(valueStart) == ' ') {
        valueStart++;
      }
      return maskValue(valueStart, true);
    }

    /**
     * Masks the value starting at {@code start}. Quoted values keep their quotes; bare values end
     * at a delimiter (or, with {@code toLineEnd}, at the end of the line, since a header value such
     * as {@code Bearer abc} holds spaces).
     */
    private int maskValue(int start, boolean toLineEnd) {
      if (start >= n) {
        return -1;
      }
      char first = s.charAt(start);
      if (first == '"' || first == '\'') {
        int end = endOfQuoted(start, first);
        int contentEnd = end > start + 1 && end <= n && s.charAt(end - 1) == first ? end - 1 : end;
        if (contentEnd <= start + 1) {
          return end;
        }
        replace(start + 1, contentEnd, MASK);
        return end;
      }
      int end = start;
      while (end < n && !isValueDelimiter(s.charAt(end), toLineEnd)) {
        end++;
      }
      if (end == start) {
        return -1;
      }
      replace(start, end, MASK);
      return end;
    }

    /** Returns the index after the closing quote (or {@code n} when unterminated). */
    private int endOfQuoted(int open, char quote) {
      int k = open + 1;
      while (k < n) {
        char c = s.charAt(k);
        if (c == '\\') {
          k += 2;
        } else if (c == quote) {
          return k + 1;
        } else {
          k++;
        }
      }
      return n;
    }

    // ---- JSON members -----------------------------------------------------------------------

    /** {@code closeQuote} is the quote ending a member name, {@code colon} the colon after it. */
    private int jsonMember(int closeQuote, int colon) {
      boolean escaped = closeQuote > copied && s.charAt(closeQuote - 1) == '\\';
      int keyEnd = escaped ? closeQuote - 1 : closeQuote;
      int floor = Math.max(copied, keyEnd - MAX_KEY);
      int k = keyEnd;
      while (k > floor && s.charAt(k - 1) != '"') {
        k--;
      }
      if (k <= floor || s.charAt(k - 1) != '"') {
        return -1;
      }
      int keyStart = k;
      if (escaped) {
        if (keyStart - 2 < copied || s.charAt(keyStart - 2) != '\\') {
          return -1;
        }
        keyEnd = closeQuote - 1;
      }
      if (keyStart == keyEnd || !isSecretKey(s, keyStart, keyEnd)) {
        return -1;
      }
      int v = colon + 1;
      while (v < n && isSpace(s.charAt(v))) {
        v++;
      }
      if (v >= n) {
        return -1;
      }
      char first = s.charAt(v);
      if (escaped) {
        return escapedJsonValue(v);
      }
      if (first == '"') {
        int end = endOfQuoted(v, '"');
        int contentEnd = end > v + 1 && s.charAt(end - 1) == '"' ? end - 1 : end;
        if (contentEnd > v + 1) {
          replace(v + 1, contentEnd, MASK);
        }
        return end;
      }
      if (first == '{' || first == '[') {
        int end = endOfStructure(v);
        replace(v, end, "\"" + MASK + "\"");
        return end;
      }
      int end = v;
      while (end < n && !isJsonScalarEnd(s.charAt(end))) {
        end++;
      }
      if (end == v || s.startsWith("null", v) && end == v + 4) {
        return end;
      }
      replace(v, end, "\"" + MASK + "\"");
      return end;
    }

    /** JSON embedded in a string, its quotes escaped: {@code \"password\":\"x\"}. */
    private int escapedJsonValue(int v) {
      if (v + 1 < n && s.charAt(v) == '\\' && s.charAt(v + 1) == '"') {
        int k = v + 2;
        while (k < n) {
          char c = s.charAt(k);
          if (c == '\\' && k + 1 < n && s.charAt(k + 1) == '"') {
            break;
          }
          if (c == '\\' && k + 1 < n && s.charAt(k + 1) == '\\') {
            k += 2;
          } else {
            k++;
          }
        }
        if (k > v + 2) {
          replace(v + 2, k, MASK);
        }
        return Math.min(n, k + 2);
      }
      int end = v;
      while (end < n && !isJsonScalarEnd(s.charAt(end)) && s.charAt(end) != '\\') {
        end++;
      }
      if (end > v) {
        replace(v, end, MASK);
      }
      return end;
    }

    /** Returns the index after the bracket closing the object or array at {@code open}. */
    private int endOfStructure(int open) {
      int depth = 0;
      int k = open;
      while (k < n) {
        char c = s.charAt(k);
        if (c == '"') {
          k = endOfQuoted(k, '"');
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
          if (depth == 0) {
            return k + 1;
          }
        }
        k++;
      }
      return n;
    }

    // ---- URL user-info ----------------------------------------------------------------------

    private int urlUserInfo(int start) {
      int limit = Math.min(n, start + MAX_USER_INFO);
      int firstColon = -1;
      int k = start;
      while (k < limit) {
        char c = s.charAt(k);
        if (c == '@') {
          break;
        }
        if (c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<') {
          return start;
        }
        if (c == ':' && firstColon < 0) {
          firstColon = k;
        }
        k++;
      }
      if (k >= limit || s.charAt(k) != '@') {
        return start;
      }
      if (firstColon < 0) {
        return start; // user only: the e-mail detector may still mask it
      }
      if (firstColon + 1 < k) {
        replace(firstColon + 1, k, MASK);
      }
      return k + 1;
    }

    // ---- tokens that start a word -----------------------------------------------------------

    private int word(int i) {
      if (!wordStart(i)) {
        return -1;
      }
      char c = s.charAt(i);
      if (c == 'e') {
        return jwts ? jwt(i) : -1;
      }
      if (c == 'B' || c == 'b') {
        return authorization ? authorizationCredential(i) : -1;
      }
      if (c == 'A') {
        return awsKeys ? awsKey(i) : -1;
      }
      return platformTokens ? platformToken(i) : -1;
    }

    private int jwt(int i) {
      if (i < jwtScannedTo || !s.startsWith("eyJ", i)) {
        return -1;
      }
      int end1 = base64UrlRun(i);
      if (end1 >= n || s.charAt(end1) != '.') {
        jwtScannedTo = end1;
        return -1;
      }
      int end2 = base64UrlRun(end1 + 1);
      if (end2 - end1 - 1 < 2 || end2 >= n || s.charAt(end2) != '.') {
        jwtScannedTo = end2;
        return -1;
      }
      int end3 = base64UrlRun(end2 + 1);
      if (end3 < n && (s.charAt(end3) == '.' || isWordChar(s.charAt(end3)))) {
        // JWE has five parts; mask those too.
        int end = end3;
        while (end < n && (s.charAt(end) == '.' || isBase64UrlChar(s.charAt(end)))) {
          end++;
        }
        end3 = end;
      }
      replace(i, end3, MASK);
      return end3;
    }

    private int authorizationCredential(int i) {
      // Cheap second-letter test first: most words starting with b are neither.
      char second = i + 1 < n ? (char) (s.charAt(i + 1) | 0x20) : 0;
      if (i < bearerScannedTo || (second != 'e' && second != 'a')) {
        return -1;
      }
      int schemeEnd;
      if (s.regionMatches(true, i, "bearer", 0, 6)) {
        schemeEnd = i + 6;
      } else if (s.regionMatches(true, i, "basic", 0, 5)) {
        schemeEnd = i + 5;
      } else {
        return -1;
      }
      int k = schemeEnd;
      while (k < n && k < schemeEnd + 16 && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
        k++;
      }
      if (k == schemeEnd) {
        return -1;
      }
      int start = k;
      boolean digit = false;
      boolean symbol = false;
      boolean innerUpper = false;
      while (k < n && isCredentialChar(s.charAt(k))) {
        char c = s.charAt(k);
        if (isDigit(c)) {
          digit = true;
        } else if (c >= 'A' && c <= 'Z') {
          innerUpper |= k > start;
        } else if (!(c >= 'a' && c <= 'z')) {
          symbol = true;
        }
        k++;
      }
      bearerScannedTo = k;
      // Prose ("basic understanding") has none of digits, symbols or inner capitals.
      if (k - start < 6 || !(digit || symbol || innerUpper)) {
        return -1;
      }
      replace(start, k, MASK);
      return k;
    }

    private int awsKey(int i) {
      if (i + 20 > n || AWS_SECOND_LETTERS.indexOf(s.charAt(i + 1)) < 0) {
        return -1;
      }
      for (String prefix : AWS_PREFIXES) {
        if (s.startsWith(prefix, i)) {
          int end = i + 20;
          if (end > n || (end < n && isWordChar(s.charAt(end)))) {
            return -1;
          }
          for (int k = i + 4; k < end; k++) {
            char c = s.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || isDigit(c))) {
              return -1;
            }
          }
          replace(i + 4, end, MASK);
          return end;
        }
      }
      return -1;
    }

    private int platformToken(int i) {
      if (i + 1 >= n) {
        return -1;
      }
      char second = s.charAt(i + 1);
      for (int p : TOKENS_BY_FIRST_LETTER[s.charAt(i)]) {
        String prefix = TOKEN_PREFIXES[p];
        if (prefix.charAt(1) != second || !s.startsWith(prefix, i)) {
          continue;
        }
        int bodyStart = i + prefix.length();
        int end = bodyStart;
        while (end < n && (isAsciiLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_'
            || s.charAt(end) == '-')) {
          end++;
        }
        if (end - bodyStart < TOKEN_MIN_BODY[p]) {
          return end;
        }
        replace(bodyStart, end, MASK);
        return end;
      }
      return -1;
    }

    private int base64UrlRun(int k) {
      while (k < n && isBase64UrlChar(s.charAt(k))) {
        k++;
      }
      return k;
    }
  }

  // ---- key names --------------------------------------------------------------------------

  private boolean isSecretKey(String s, int start, int end) {
    String key = normaliseKey(s.substring(start, end));
    for (String exact : secretKeys) {
      if (key.equals(exact)) {
        return true;
      }
    }
    for (String part : secretKeyParts) {
      if (key.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Normalises a key name for matching: percent-decoding, lower case, {@code -} and {@code .} as
   * {@code _}, surrounding quotes removed.
   *
   * @param key the raw key name
   * @return the normalised name
   */
  public static String normaliseKey(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '%' && i + 2 < key.length() && hex(key.charAt(i + 1)) >= 0
          && hex(key.charAt(i + 2)) >= 0) {
        c = (char) (hex(key.charAt(i + 1)) * 16 + hex(key.charAt(i + 2)));
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

  /** The Luhn check over the digits in {@code [start, end)}, separators skipped. */
  private static boolean luhn(String s, int start, int end) {
    int sum = 0;
    boolean doubled = false;
    for (int k = end - 1; k >= start; k--) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        continue;
      }
      int value = c - '0';
      if (doubled) {
        value *= 2;
        if (value > 9) {
          value -= 9;
        }
      }
      sum += value;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  /**
   * Returns whether the digits of {@code text} (separators ignored) form a plausible card number:
   * 13 to 19 digits passing the Luhn check.
   *
   * @param text the candidate
   * @return whether it passes
   */
  public static boolean isCardNumber(String text) {
    int digits = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (isDigit(c)) {
        digits++;
      } else if (c != ' ' && c != '-') {
        return false;
      }
    }
    return digits >= 13 && digits <= 19 && luhn(text, 0, text.length());
  }

  // ---- single values ----------------------------------------------------------------------

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
    StringBuilder b = new StringBuilder(end - start);
    int seen = 0;
    for (int k = start; k < end; k++) {
      char c = s.charAt(k);
      if (isDigit(c)) {
        b.append(seen < digits - 4 ? '*' : c);
        seen++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  // ---- character classes ------------------------------------------------------------------

  private static int hex(char c) {
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

  private static boolean isLocalPartChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isKeyChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '%' || c == '['
        || c == ']';
  }

  private static boolean isBase64UrlChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '_';
  }

  private static boolean isCredentialChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+'
        || c == '/' || c == '=';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isJsonScalarEnd(char c) {
    return c == ',' || c == '}' || c == ']' || isSpace(c);
  }

  private static boolean isValueDelimiter(char c, boolean toLineEnd) {
    if (c == '\n' || c == '\r' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\''
        || c == '}' || c == ']' || c == '<' || c == '>') {
      return true;
    }
    return !toLineEnd && (c == ' ' || c == '\t' || c == ')');
  }
}
