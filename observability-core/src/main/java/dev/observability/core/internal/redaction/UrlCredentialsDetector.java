package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

/**
 * Secrets in URLs: the password in user-info ({@code https://user:***@host}), and URLs that are
 * themselves the credential, such as Slack's incoming webhooks ({@code
 * https://hooks.slack.com/services/***}, also {@code /workflows/} and {@code /triggers/}). {@code
 * at} is just after {@code ://}.
 */
final class UrlCredentialsDetector implements Detector {

  private static final int MAX_USER_INFO = 256;

  /** Hosts whose URL path, after one of the given prefixes, is a bearer secret. */
  private static final String SLACK_HOOKS = "hooks.slack.com/";

  private static final String[] SLACK_SECRET_PATHS = {"services/", "workflows/", "triggers/"};

  @Override
  public int detect(Scan sc, int at) {
    if (sc.s.regionMatches(true, at, SLACK_HOOKS, 0, SLACK_HOOKS.length())) {
      return webhook(sc, at + SLACK_HOOKS.length());
    }
    return urlUserInfo(sc, at);
  }

  private static int webhook(Scan sc, int path) {
    String s = sc.s;
    for (String prefix : SLACK_SECRET_PATHS) {
      if (s.startsWith(prefix, path)) {
        int start = path + prefix.length();
        int end = start;
        while (end < sc.n && isUrlPathChar(s.charAt(end))) {
          end++;
        }
        if (end > start) {
          sc.replace(start, end, MASK);
        }
        return end;
      }
    }
    return path;
  }

  private static boolean isUrlPathChar(char c) {
    return isAsciiLetterOrDigit(c)
        || c == '/'
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~'
        || c == '%';
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
