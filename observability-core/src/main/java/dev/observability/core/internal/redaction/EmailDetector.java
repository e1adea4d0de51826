package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

/** E-mail addresses: the local part after its first character becomes the mask. */
final class EmailDetector implements Detector {

  private static final int MAX_LOCAL_PART = 64;
  private static final int MAX_DOMAIN = 253;

  @Override
  public int detect(Scan sc, int at) {
    return email(sc, at, 1);
  }

  /**
   * {@code jane%40example.com}, as query strings and form bodies carry it; {@code at} is the {@code
   * %}.
   */
  int detectEncoded(Scan sc, int at) {
    return sc.s.startsWith("%40", at) ? email(sc, at, 3) : -1;
  }

  /** {@code at} is where the separator ({@code @} or {@code %40}, {@code length} long) starts. */
  private int email(Scan sc, int at, int length) {
    String s = sc.s;
    int n = sc.n;
    int floor = Math.max(sc.copied, at - MAX_LOCAL_PART);
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
    int domain = at + length;
    int limit = Math.min(n, domain + MAX_DOMAIN);
    int end = domain;
    int lastDot = -1;
    while (end < limit) {
      char c = s.charAt(end);
      if (isAsciiLetterOrDigit(c) || c == '-') {
        end++;
      } else if (c == '.'
          && end + 1 < limit
          && isAsciiLetterOrDigit(s.charAt(end + 1))
          && s.charAt(end - 1) != '.') {
        lastDot = end;
        end++;
      } else {
        break;
      }
    }
    if (lastDot < 0 || domain >= n || !isAsciiLetterOrDigit(s.charAt(domain))) {
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
    sc.replace(start + 1, at, MASK);
    return domain;
  }
}
