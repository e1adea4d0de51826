package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

/**
 * Values of secret-named keys: {@code key=value} text, {@code key: value} lines and JSON members,
 * including string values with escaped quotes, objects and arrays. Entered at an {@code =} ({@link
 * #detect}) or a {@code :} ({@link #afterColon}).
 */
final class KeyValueDetector implements Detector {

  private static final int MAX_KEY = 64;

  /** How far a constraint message's value list may reach; keeps hostile input linear. */
  private static final int MAX_COLUMN_VALUES = 1024;

  private final KeyNames keys;

  KeyValueDetector(KeyNames keys) {
    this.keys = keys;
  }

  @Override
  public int detect(Scan sc, int at) {
    return keyValue(sc, at);
  }

  /** A colon that is not a URL's {@code ://}. */
  int afterColon(Scan sc, int colon) {
    return colon(sc, colon);
  }

  /**
   * The values in a database's constraint message, whatever the column: PostgreSQL's {@code Key
   * (email)=(jane@example.com) already exists} carries the bound value, and the column name says
   * nothing about how sensitive it is. {@code open} is the parenthesis after {@code =}.
   */
  private int columnValues(Scan sc, int open) {
    String s = sc.s;
    int n = sc.n;
    int depth = 0;
    int limit = Math.min(n, open + MAX_COLUMN_VALUES);
    for (int k = open; k < limit; k++) {
      char c = s.charAt(k);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        if (k > open + 1) {
          sc.replace(open + 1, k, MASK);
        }
        return k + 1;
      }
    }
    return -1; // not closed within the bound: not a constraint message
  }

  private int keyValue(Scan sc, int eq) {
    String s = sc.s;
    int n = sc.n;
    if (eq + 1 < n && s.charAt(eq + 1) == '=') {
      return eq + 2; // '==' is a comparison, not an assignment
    }
    if (eq > sc.copied && s.charAt(eq - 1) == ')' && eq + 1 < n && s.charAt(eq + 1) == '(') {
      return columnValues(sc, eq + 1);
    }
    int keyEnd = eq;
    while (keyEnd > sc.copied && keyEnd > eq - 4 && s.charAt(keyEnd - 1) == ' ') {
      keyEnd--;
    }
    int keyStart = keyEnd;
    int floor = Math.max(sc.copied, keyEnd - MAX_KEY);
    while (keyStart > floor && isKeyChar(s.charAt(keyStart - 1))) {
      keyStart--;
    }
    boolean truncated =
        keyStart == floor && keyStart > sc.copied && isKeyChar(s.charAt(keyStart - 1));
    if (keyStart == keyEnd || truncated) {
      return -1;
    }
    boolean inQuery =
        keyStart > 0 && (s.charAt(keyStart - 1) == '?' || s.charAt(keyStart - 1) == '&');
    if (!keys.isSecret(s, keyStart, keyEnd)
        && !(inQuery && keys.isQuerySecret(s, keyStart, keyEnd))) {
      return -1;
    }
    int valueStart = eq + 1;
    while (valueStart < n && valueStart < eq + 5 && s.charAt(valueStart) == ' ') {
      valueStart++;
    }
    return maskValue(sc, valueStart, false);
  }

  private int colon(Scan sc, int colon) {
    String s = sc.s;
    int n = sc.n;
    int q = colon;
    while (q > sc.copied && q > colon - 8 && isSpace(s.charAt(q - 1))) {
      q--;
    }
    if (q > sc.copied && s.charAt(q - 1) == '"') {
      return jsonMember(sc, q - 1, colon);
    }
    // Plain "key: value", as in headers and YAML-like text.
    if (colon + 1 >= n || s.charAt(colon + 1) != ' ') {
      return -1;
    }
    int keyEnd = q;
    int keyStart = keyEnd;
    int floor = Math.max(sc.copied, keyEnd - MAX_KEY);
    while (keyStart > floor && isKeyChar(s.charAt(keyStart - 1))) {
      keyStart--;
    }
    if (keyStart == keyEnd || !keys.isSecret(s, keyStart, keyEnd)) {
      return -1;
    }
    int valueStart = colon + 1;
    while (valueStart < n && valueStart < colon + 5 && s.charAt(valueStart) == ' ') {
      valueStart++;
    }
    return maskValue(sc, valueStart, true);
  }

  private int maskValue(Scan sc, int start, boolean toLineEnd) {
    String s = sc.s;
    int n = sc.n;
    if (start >= n) {
      return -1;
    }
    char first = s.charAt(start);
    if (first == '"' || first == '\'') {
      int end = endOfQuoted(sc, start, first);
      int contentEnd = end > start + 1 && end <= n && s.charAt(end - 1) == first ? end - 1 : end;
      if (contentEnd <= start + 1) {
        return end;
      }
      sc.replace(start + 1, contentEnd, MASK);
      return end;
    }
    int end = start;
    while (end < n && !isValueDelimiter(s.charAt(end), toLineEnd)) {
      end++;
    }
    if (end == start) {
      return -1;
    }
    sc.replace(start, end, MASK);
    return end;
  }

  private int endOfQuoted(Scan sc, int open, char quote) {
    String s = sc.s;
    int n = sc.n;
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

  private int jsonMember(Scan sc, int closeQuote, int colon) {
    String s = sc.s;
    int n = sc.n;
    boolean escaped = closeQuote > sc.copied && s.charAt(closeQuote - 1) == '\\';
    int keyEnd = escaped ? closeQuote - 1 : closeQuote;
    int floor = Math.max(sc.copied, keyEnd - MAX_KEY);
    int k = keyEnd;
    while (k > floor && s.charAt(k - 1) != '"') {
      k--;
    }
    if (k <= floor || s.charAt(k - 1) != '"') {
      return -1;
    }
    int keyStart = k;
    if (escaped) {
      if (keyStart - 2 < sc.copied || s.charAt(keyStart - 2) != '\\') {
        return -1;
      }
      keyEnd = closeQuote - 1;
    }
    if (keyStart == keyEnd || !keys.isSecret(s, keyStart, keyEnd)) {
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
      return escapedJsonValue(sc, v);
    }
    if (first == '"') {
      int end = endOfQuoted(sc, v, '"');
      int contentEnd = end > v + 1 && s.charAt(end - 1) == '"' ? end - 1 : end;
      if (contentEnd > v + 1) {
        sc.replace(v + 1, contentEnd, MASK);
      }
      return end;
    }
    if (first == '{' || first == '[') {
      int end = endOfStructure(sc, v);
      sc.replace(v, end, "\"" + MASK + "\"");
      return end;
    }
    int end = v;
    while (end < n && !isJsonScalarEnd(s.charAt(end))) {
      end++;
    }
    if (end == v || s.startsWith("null", v) && end == v + 4) {
      return end;
    }
    sc.replace(v, end, "\"" + MASK + "\"");
    return end;
  }

  private int escapedJsonValue(Scan sc, int v) {
    String s = sc.s;
    int n = sc.n;
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
        sc.replace(v + 2, k, MASK);
      }
      return Math.min(n, k + 2);
    }
    int end = v;
    while (end < n && !isJsonScalarEnd(s.charAt(end)) && s.charAt(end) != '\\') {
      end++;
    }
    if (end > v) {
      sc.replace(v, end, MASK);
    }
    return end;
  }

  private int endOfStructure(Scan sc, int open) {
    String s = sc.s;
    int n = sc.n;
    int depth = 0;
    int k = open;
    while (k < n) {
      char c = s.charAt(k);
      if (c == '"') {
        k = endOfQuoted(sc, k, '"');
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
}
