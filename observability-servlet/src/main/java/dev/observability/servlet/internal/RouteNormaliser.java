package dev.observability.servlet.internal;

/**
 * The last resort for a route: the path with its ID-like segments replaced by {@code {id}}, so that
 * {@code /orders/42} and {@code /orders/43} are one route.
 */
final class RouteNormaliser {

  private static final int MAX_SEGMENTS = 12;

  private RouteNormaliser() {}

  /**
   * Replaces ID-like segments with {@code {id}}: numbers, UUIDs, long hex or base64-like tokens,
   * e-mail-like segments, and anything longer than 64 characters. Paths deeper than 12 segments are
   * cut there.
   *
   * @param path the path
   * @return the normalised path
   */
  static String normalise(String path) {
    if (path.isEmpty()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    int segments = 0;
    int start = path.charAt(0) == '/' ? 1 : 0;
    if (start == 1) {
      out.append('/');
    }
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (++segments > MAX_SEGMENTS) {
        out.append("**");
        break;
      }
      String segment = path.substring(start, end);
      out.append(isIdLike(segment) ? "{id}" : segment);
      if (end == path.length()) {
        break;
      }
      out.append('/');
      start = end + 1;
    }
    return out.toString();
  }

  static boolean isIdLike(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    if (n > 64) {
      return true;
    }
    int digits = 0;
    int hex = 0;
    int letters = 0;
    int other = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
        letters++;
      } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
        letters++;
      } else if (c == '@') {
        return true;
      } else {
        other++;
      }
    }
    if (digits == n) {
      return true; // 42
    }
    if (n == 36 && isUuid(s)) {
      return true;
    }
    if (hex == n && n >= 16) {
      return true; // a1b2c3d4e5f60718
    }
    if (n >= 20 && digits > 0 && letters > 0) {
      return true; // base64-ish tokens, ULIDs
    }
    // Codes such as INV-2024-0001 or order_12345: several digits among other characters.
    return digits >= 3 && n >= 6 && digits * 2 >= n - other && other <= 3;
  }

  private static boolean isUuid(String s) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
