package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

import java.util.Arrays;

/**
 * Credentials recognisable by their shape where a word starts: JSON Web Tokens (also JWE), {@code
 * Bearer}/{@code Basic} credentials, AWS access key IDs and platform tokens (GitHub, GitLab, Slack,
 * Stripe, npm, …). GitHub's classic tokens and npm's carry a checksum, which is checked. Each kind
 * can be switched off.
 */
final class TokenDetector implements Detector {

  private static final String[] AWS_PREFIXES = {
    "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "ABIA", "ACCA"
  };
  static final String AWS_SECOND_LETTERS = "KSGIRNBC";

  /** Token prefixes and the least number of token characters that must follow them. */
  static final String[] TOKEN_PREFIXES = {
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xoxe-",
    "xapp-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "npm_",
    // GitLab's other token kinds and the runner registration prefix.
    "glptt-",
    "glrt-",
    "gldt-",
    "glsoat-",
    "glcbt-",
    "glimt-",
    "glagent-",
    "gloas-",
    "glft-",
    "glffct-",
    "GR1348941",
    // Anthropic and OpenAI: the specific prefixes before the generic one.
    "sk-ant-",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk-",
    "hf_",
    "SG.",
    "SK"
  };

  private static final int[] TOKEN_MIN_BODY = {
    30, 30, 30, 30, 30, 20, 20, 10, 10, 10, 10, 10, 10, 10, 16, 16, 16, 16, 30, 20, 20, 20, 20, 20,
    20, 20, 20, 20, 20, 20, 40, 40, 40, 40, 40, 30, 60, 32
  };

  /** Indexes into {@link #TOKEN_PREFIXES} by first letter, so a word is compared with few. */
  private static final int[][] TOKENS_BY_FIRST_LETTER = new int[128][];

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

  /** The letters a detected word starts with: JWT, Bearer/Basic, AWS and token prefixes. */
  static final String FIRST_LETTERS = "eBbAgxsrnGhS-";

  /**
   * The first two characters with which a token can start, indexed by {@code first << 7 | second}:
   * most words that start with a trigger letter ("shipped", "request", "Berlin") are turned away
   * here without a detector call.
   */
  static final boolean[] PAIRS = new boolean[128 * 128];

  static {
    for (String prefix : TOKEN_PREFIXES) {
      PAIRS[prefix.charAt(0) << 7 | prefix.charAt(1)] = true;
    }
    PAIRS['e' << 7 | 'y'] = true; // eyJ: a JSON Web Token
    for (char first : "Bb".toCharArray()) {
      for (char second : "eEaA".toCharArray()) {
        PAIRS[first << 7 | second] = true; // Bearer, Basic, in any case
      }
    }
    for (char second : AWS_SECOND_LETTERS.toCharArray()) {
      PAIRS['A' << 7 | second] = true; // AWS key IDs; AI also starts Google API keys
    }
    PAIRS['-' << 7 | '-'] = true; // -----BEGIN … PRIVATE KEY-----
  }

  private final boolean jwts;
  private final boolean authorization;
  private final boolean awsKeys;
  private final boolean platformTokens;

  TokenDetector(boolean jwts, boolean authorization, boolean awsKeys, boolean platformTokens) {
    this.jwts = jwts;
    this.authorization = authorization;
    this.awsKeys = awsKeys;
    this.platformTokens = platformTokens;
  }

  @Override
  public int detect(Scan sc, int at) {
    return word(sc, at);
  }

  private int word(Scan sc, int i) {
    String s = sc.s;
    if (!sc.wordStart(i)) {
      return -1;
    }
    char c = s.charAt(i);
    if (c == 'e') {
      return jwts ? jwt(sc, i) : -1;
    }
    if (c == 'B' || c == 'b') {
      return authorization ? authorizationCredential(sc, i) : -1;
    }
    if (c == 'A') {
      int next = awsKeys ? awsKey(sc, i) : -1;
      return next < 0 && platformTokens ? googleApiKey(sc, i) : next;
    }
    if (c == '-') {
      return platformTokens ? privateKeyBlock(sc, i) : -1;
    }
    return platformTokens ? platformToken(sc, i) : -1;
  }

  private int jwt(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
    if (i < sc.jwtScannedTo || !s.startsWith("eyJ", i)) {
      return -1;
    }
    int end1 = base64UrlRun(sc, i);
    if (end1 >= n || s.charAt(end1) != '.') {
      sc.jwtScannedTo = end1;
      return -1;
    }
    int end2 = base64UrlRun(sc, end1 + 1);
    if (end2 - end1 - 1 < 2 || end2 >= n || s.charAt(end2) != '.') {
      sc.jwtScannedTo = end2;
      return -1;
    }
    int end3 = base64UrlRun(sc, end2 + 1);
    if (end3 < n && (s.charAt(end3) == '.' || isWordChar(s.charAt(end3)))) {
      // JWE has five parts; mask those too.
      int end = end3;
      while (end < n && (s.charAt(end) == '.' || isBase64UrlChar(s.charAt(end)))) {
        end++;
      }
      end3 = end;
    }
    sc.replace(i, end3, MASK);
    return end3;
  }

  private int authorizationCredential(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
    // Cheap second-letter test first: most words starting with b are neither.
    char second = i + 1 < n ? (char) (s.charAt(i + 1) | 0x20) : 0;
    if (i < sc.bearerScannedTo || (second != 'e' && second != 'a')) {
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
    sc.bearerScannedTo = k;
    // Prose ("basic understanding") has none of digits, symbols or inner capitals.
    if (k - start < 6 || !(digit || symbol || innerUpper)) {
      return -1;
    }
    sc.replace(start, k, MASK);
    return k;
  }

  private int awsKey(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
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
        sc.replace(i + 4, end, MASK);
        return end;
      }
    }
    return -1;
  }

  private int platformToken(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
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
      boolean dots = prefix.equals("SG."); // SendGrid: SG.<22>.<43>
      int end = bodyStart;
      while (end < n
          && (isAsciiLetterOrDigit(s.charAt(end))
              || s.charAt(end) == '_'
              || s.charAt(end) == '-'
              || dots && s.charAt(end) == '.')) {
        end++;
      }
      if (end - bodyStart < TOKEN_MIN_BODY[p] || isPlaceholder(s, bodyStart, end)) {
        return end;
      }
      if (hasCrc32Checksum(prefix)) {
        int alphanumericEnd = bodyStart;
        while (alphanumericEnd < end && isAsciiLetterOrDigit(s.charAt(alphanumericEnd))) {
          alphanumericEnd++;
        }
        if (alphanumericEnd - bodyStart == CHECKSUMMED_BODY) {
          if (!Crc32Checksum.matches(s, bodyStart)) {
            return end; // the exact shape without the checksum: an example, no issued token
          }
          sc.replace(bodyStart, alphanumericEnd, MASK);
          return alphanumericEnd;
        }
      }
      if (prefix.equals("SK") && !isTwilioKey(s, bodyStart, end)) {
        return end; // SK + 32 hex digits; other words that start with SK are not keys
      }
      sc.replace(bodyStart, end, MASK);
      return end;
    }
    return -1;
  }

  /** The body of a GitHub or npm token: 30 random characters, then their CRC32 in base62. */
  private static final int CHECKSUMMED_BODY = 36;

  /**
   * GitHub's classic tokens and npm's end in a CRC32 of their random part: a string of exactly
   * their shape whose checksum fails (the examples in documentation, hand-typed fakes) was never
   * issued, so it is left alone. Other lengths are masked as before: no issued token has them, but
   * a shortened or concatenated one still carries most of a secret.
   */
  private static boolean hasCrc32Checksum(String prefix) {
    return prefix.length() == 4
        && (prefix.charAt(0) == 'g' && prefix.charAt(1) == 'h' || prefix.equals("npm_"));
  }

  private static boolean isTwilioKey(String s, int start, int end) {
    if (end - start != 32) {
      return false;
    }
    for (int k = start; k < end; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Google API keys: {@code AIza} and 35 characters of the URL-safe alphabet. */
  private static int googleApiKey(Scan sc, int i) {
    String s = sc.s;
    int end = i + 39;
    if (end > sc.n || !s.startsWith("AIza", i) || (end < sc.n && isBase64UrlChar(s.charAt(end)))) {
      return -1;
    }
    for (int k = i + 4; k < end; k++) {
      if (!isBase64UrlChar(s.charAt(k))) {
        return -1;
      }
    }
    sc.replace(i + 4, end, MASK);
    return end;
  }

  /** How far a private key's body may reach before its END line; keeps hostile input linear. */
  private static final int MAX_PEM_BODY = 65_536;

  /**
   * A PEM private key ({@code -----BEGIN RSA PRIVATE KEY-----}, {@code … EC …}, {@code OPENSSH},
   * {@code ENCRYPTED}, PGP's {@code … PRIVATE KEY BLOCK}): the body between the BEGIN and END lines
   * is masked, or, when the END line is missing (a truncated key), the base64 that follows.
   */
  private static int privateKeyBlock(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
    if (!s.startsWith("-----BEGIN ", i)) {
      return -1;
    }
    int labelStart = i + 11;
    int labelEnd = labelStart;
    int labelLimit = Math.min(n, labelStart + 64);
    while (labelEnd < labelLimit && s.charAt(labelEnd) != '-') {
      labelEnd++;
    }
    if (!s.startsWith("-----", labelEnd)
        || !s.substring(labelStart, labelEnd).contains("PRIVATE KEY")) {
      return -1;
    }
    int bodyStart = labelEnd + 5;
    int limit = Math.min(n, bodyStart + MAX_PEM_BODY);
    int end;
    if (sc.pemNextEnd >= bodyStart) {
      end = sc.pemNextEnd; // found by an earlier header: search no stretch twice
    } else {
      end = Math.max(bodyStart, sc.pemSearchedTo);
      while (end < limit && !s.startsWith("-----END", end)) {
        end++;
      }
      sc.pemSearchedTo = end;
      sc.pemNextEnd = end < limit ? end : -1;
    }
    if (end >= limit) {
      end = bodyStart;
      while (end < n
          && (isBase64UrlChar(s.charAt(end))
              || isSpace(s.charAt(end))
              || s.charAt(end) == '+'
              || s.charAt(end) == '/'
              || s.charAt(end) == '=')) {
        end++;
      }
    }
    if (end > bodyStart) {
      sc.replace(bodyStart, end, MASK);
    }
    return end;
  }

  /**
   * {@code ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx} in documentation and sample configuration: one
   * character repeated, or nearly so, is no token a service issued. Real tokens are random.
   */
  private static boolean isPlaceholder(String s, int start, int end) {
    int distinct = 0;
    long seen = 0; // letters and digits fold onto 64 bits; collisions only undercount
    for (int k = start; k < end && distinct <= 3; k++) {
      long bit = 1L << (s.charAt(k) & 63);
      if ((seen & bit) == 0) {
        seen |= bit;
        distinct++;
      }
    }
    return distinct <= 3;
  }

  private int base64UrlRun(Scan sc, int k) {
    String s = sc.s;
    int n = sc.n;
    while (k < n && isBase64UrlChar(s.charAt(k))) {
      k++;
    }
    return k;
  }
}
