package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

/**
 * The password in URL user-info: {@code https://user:***@host}; {@code at} is just after {@code
 * ://}.
 */
final class UrlCredentialsDetector implements Detector {

  private static final int MAX_USER_INFO = 256;

  @Override
  public int detect(Scan sc, int at) {
    return urlUserInfo(sc, at);
  }

  private int urlUserInfo(Scan sc, int start) {
    String s = sc.s;
    int n = sc.n;
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
      sc.replace(firstColon + 1, k, MASK);
    }
    return k + 1;
  }
}
