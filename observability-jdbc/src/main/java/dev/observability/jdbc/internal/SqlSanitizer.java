package dev.observability.jdbc.internal;

import org.jspecify.annotations.Nullable;

/**
 * Replaces every literal in a SQL statement with {@code ?}: strings (prefixes such as {@code E'…'},
 * {@code N'…'}, {@code X'…'}), numbers, hex and binary literals, booleans and PostgreSQL
 * dollar-quoted strings; masks the password of account statements ({@code CREATE USER x PASSWORD
 * p}, {@code ALTER USER x IDENTIFIED BY p}, {@code GRANT … IDENTIFIED BY p}) even when it is not
 * quoted; drops comments (nested ones too, outside MySQL); collapses {@code IN (?, ?, …)} lists to
 * {@code (?)} and multi-row {@code VALUES (?), (?), …} to one row; folds white space.
 *
 * <p>Backslashes follow the dialect: in standard SQL, PostgreSQL (standard strings) and H2 a
 * backslash is an ordinary character, so {@code 'C:\dir\'} ends at its second quote; only MySQL and
 * MariaDB strings, and PostgreSQL's {@code E'…'} strings, treat it as an escape. One linear pass;
 * never throws: malformed and truncated statements (unbalanced quotes, unterminated comments) come
 * back sanitized, an unterminated literal being masked to the end.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class SqlSanitizer {

  /** Longest sanitized text kept; the rest is cut and marked with an ellipsis. */
  public static final int MAX_LENGTH = 4096;

  private SqlSanitizer() {}

  /**
   * Sanitizes {@code sql}.
   *
   * @param sql the statement, may be {@code null}
   * @param mysql whether the dialect is MySQL's: {@code "…"} is a string rather than an identifier,
   *     backslashes escape, {@code #} starts a comment and comments do not nest
   * @return the sanitized statement, never {@code null}
   */
  public static String sanitize(@Nullable String sql, boolean mysql) {
    if (sql == null) {
      return "";
    }
    int n = sql.length();
    Out out = new Out(Math.min(n, MAX_LENGTH) + 8);
    Words words = new Words();
    int i = 0;
    while (i < n && !out.full()) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i = skipQuoted(sql, i, '\'', mysql);
        out.placeholder();
        words.other();
      } else if (c == '"' && mysql) {
        i = skipQuoted(sql, i, '"', true);
        out.placeholder();
        words.other();
      } else if ((c == '"' || c == '`') && words.passwordNext()) {
        i = skipQuoted(sql, i, c, false);
        out.placeholder();
        words.other();
      } else if (c == '"' || c == '`') {
        int end = skipQuoted(sql, i, c, false);
        out.text(sql, i, end);
        i = end;
        words.other();
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        out.space();
      } else if (c == '#' && mysql) {
        int end = sql.indexOf('\n', i); // MySQL line comment
        i = end < 0 ? n : end;
        out.space();
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = mysql ? flatCommentEnd(sql, i) : nestedCommentEnd(sql, i);
        out.space();
      } else if (c == '$' && i + 1 < n && isDollarTagStart(sql.charAt(i + 1))) {
        int tagEnd = dollarTagEnd(sql, i);
        if (tagEnd < 0) {
          out.append(c);
          i++;
        } else {
          String tag = sql.substring(i, tagEnd + 1);
          int close = sql.indexOf(tag, tagEnd + 1);
          i = close < 0 ? n : close + tag.length();
          out.placeholder();
          words.other();
        }
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
          int end = i;
          while (end < n && isIdentifierPart(sql.charAt(end))) {
            end++;
          }
          out.text(sql, i, end); // digits inside a name: t1, col_2
          i = end;
        } else {
          i = skipNumber(sql, i);
          out.placeholder();
          words.other();
        }
      } else if (isIdentifierStart(c)) {
        int end = i;
        while (end < n && isIdentifierPart(sql.charAt(end))) {
          end++;
        }
        // Prefixed strings: E'…', N'…', X'…', B'…', U&'…'; only E'…' (PostgreSQL escape strings)
        // reads backslashes as escapes outside MySQL.
        if (end < n && sql.charAt(end) == '\'' && end - i <= 2 && isStringPrefix(sql, i, end)) {
          boolean escapes = mysql || sql.charAt(i) == 'E' || sql.charAt(i) == 'e';
          i = skipQuoted(sql, end, '\'', escapes);
          out.placeholder();
          words.other();
        } else if (end < n
            && end - i == 1
            && sql.charAt(end) == '&'
            && end + 1 < n
            && sql.charAt(end + 1) == '\''
            && (c == 'U' || c == 'u')) {
          i = skipQuoted(sql, end + 1, '\'', mysql);
          out.placeholder();
          words.other();
        } else if (isWord(sql, i, end, "true") || isWord(sql, i, end, "false")) {
          out.placeholder();
          i = end;
          words.other();
        } else if (words.passwordNext()) {
          out.placeholder(); // an unquoted password: CREATE USER x PASSWORD hunter2
          i = end;
          words.other();
        } else {
          out.text(sql, i, end);
          words.word(sql, i, end);
          i = end;
        }
      } else if (c == '?') {
        out.placeholder(); // a bind marker takes part in IN-list collapsing like a literal
        i++;
        words.other();
      } else if (Character.isWhitespace(c)) {
        out.space();
        i++;
      } else {
        out.append(c);
        i++;
        if (c == ';') {
          words.statementEnd();
        } else if (c != '=') {
          words.other(); // PASSWORD = p still masks p
        }
      }
    }
    return out.finish(i < n);
  }

  /** The end of a comment that stops at the first {@code *}{@code /}, as in MySQL. */
  private static int flatCommentEnd(String sql, int open) {
    int end = sql.indexOf("*/", open + 2);
    return end < 0 ? sql.length() : end + 2;
  }

  /** The end of a comment in which {@code /}{@code *} opens a nested one, as in standard SQL. */
  private static int nestedCommentEnd(String sql, int open) {
    int n = sql.length();
    int depth = 0;
    int k = open;
    while (k + 1 < n) {
      char c = sql.charAt(k);
      char next = sql.charAt(k + 1);
      if (c == '/' && next == '*') {
        depth++;
        k += 2;
      } else if (c == '*' && next == '/') {
        k += 2;
        if (--depth == 0) {
          return k;
        }
      } else {
        k++;
      }
    }
    return n;
  }

  /**
   * The words of the statement so far, as much as the password rule needs: whether the statement is
   * an account statement, and whether the token just read is {@code PASSWORD} or {@code IDENTIFIED
   * BY}, after which the next token is the secret.
   */
  private static final class Words {
    private int count;
    private boolean account;
    private boolean createOrAlter;
    private boolean identified;
    private boolean passwordNext;

    boolean passwordNext() {
      return passwordNext;
    }

    void word(String sql, int start, int end) {
      count++;
      boolean wasIdentified = identified;
      identified = false;
      passwordNext = false;
      if (count == 1) {
        createOrAlter = isWord(sql, start, end, "create") || isWord(sql, start, end, "alter");
        account = isWord(sql, start, end, "grant");
      } else if (count == 2 && createOrAlter) {
        account =
            isWord(sql, start, end, "user")
                || isWord(sql, start, end, "role")
                || isWord(sql, start, end, "login");
      }
      if (isWord(sql, start, end, "identified")) {
        identified = true;
      } else if (wasIdentified && isWord(sql, start, end, "by")) {
        passwordNext = true;
      } else if (account && isWord(sql, start, end, "password")) {
        passwordNext = true;
      }
    }

    void other() {
      identified = false;
      passwordNext = false;
    }

    void statementEnd() {
      count = 0;
      account = false;
      createOrAlter = false;
      other();
    }
  }

  private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
    int n = sql.length();
    int k = open + 1;
    while (k < n) {
      char c = sql.charAt(k);
      if (c == '\\' && backslashEscapes) {
        k += 2;
      } else if (c == quote) {
        if (k + 1 < n && sql.charAt(k + 1) == quote) {
          k += 2; // doubled quote
        } else {
          return k + 1;
        }
      } else {
        k++;
      }
    }
    return n;
  }

  private static int skipNumber(String sql, int start) {
    int n = sql.length();
    int k = start;
    if (sql.charAt(k) == '0'
        && k + 1 < n
        && (sql.charAt(k + 1) == 'x' || sql.charAt(k + 1) == 'X')) {
      k += 2;
      while (k < n && Character.digit(sql.charAt(k), 16) >= 0) {
        k++;
      }
      return k;
    }
    while (k < n && (isDigit(sql.charAt(k)) || sql.charAt(k) == '.' || sql.charAt(k) == '_')) {
      k++;
    }
    if (k < n && (sql.charAt(k) == 'e' || sql.charAt(k) == 'E')) {
      int e = k + 1;
      if (e < n && (sql.charAt(e) == '+' || sql.charAt(e) == '-')) {
        e++;
      }
      if (e < n && isDigit(sql.charAt(e))) {
        k = e;
        while (k < n && isDigit(sql.charAt(k))) {
          k++;
        }
      }
    }
    return k;
  }

  private static boolean isDollarTagStart(char c) {
    return c == '$' || Character.isLetter(c) || c == '_';
  }

  /** Returns the index of the {@code $} closing the tag opened at {@code start}, or -1. */
  private static int dollarTagEnd(String sql, int start) {
    int n = sql.length();
    int k = start + 1;
    int limit = Math.min(n, start + 64);
    while (k < limit) {
      char c = sql.charAt(k);
      if (c == '$') {
        return k;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return -1;
      }
      k++;
    }
    return -1;
  }

  private static boolean isStringPrefix(String sql, int start, int end) {
    String prefix = sql.substring(start, end).toUpperCase(java.util.Locale.ROOT);
    return prefix.equals("E")
        || prefix.equals("N")
        || prefix.equals("X")
        || prefix.equals("B")
        || prefix.equals("R")
        || prefix.equals("NE")
        || prefix.equals("BX");
  }

  private static boolean isWord(String sql, int start, int end, String word) {
    return end - start == word.length() && sql.regionMatches(true, start, word, 0, word.length());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '#';
  }

  /** The output, with white space folding and IN-list collapsing as it is written. */
  private static final class Out {
    private static final String[] REPEATED_ROWS = {"(?), (?)", "(?),(?)"};
    private final StringBuilder b;

    /** Index of the '(' of a list that so far holds only placeholders, or -1. */
    private int listOpen = -1;

    private boolean listHasPlaceholder;

    Out(int capacity) {
      this.b = new StringBuilder(capacity);
    }

    boolean full() {
      return b.length() >= MAX_LENGTH;
    }

    void placeholder() {
      if (listOpen >= 0) {
        trimTrailingSpace();
        if (listHasPlaceholder) {
          // "(?, ?" → keep "(?": drop the comma written before this placeholder.
          int last = b.length() - 1;
          if (last >= 0 && b.charAt(last) == ',') {
            b.setLength(last);
            trimTrailingSpace();
            return;
          }
        }
        listHasPlaceholder = true;
      }
      b.append('?');
    }

    void append(char c) {
      if (c == '(') {
        b.append(c);
        listOpen = b.length() - 1;
        listHasPlaceholder = false;
        return;
      }
      if (c == ')' || c == ',') {
        trimTrailingSpace();
      }
      if (listOpen >= 0 && c != ',' && c != ')') {
        listOpen = -1;
      }
      boolean closesPlaceholderList = c == ')' && listOpen >= 0 && listHasPlaceholder;
      b.append(c);
      if (c == ')') {
        listOpen = -1;
      }
      if (closesPlaceholderList) {
        collapseRepeatedRow();
      }
    }

    /** {@code VALUES (?), (?)}: a further row of placeholders is the same statement. */
    private void collapseRepeatedRow() {
      int len = b.length();
      for (String repeated : REPEATED_ROWS) {
        if (len >= repeated.length() && b.lastIndexOf(repeated) == len - repeated.length()) {
          b.setLength(len - repeated.length() + 3); // keep the first "(?)"
          return;
        }
      }
    }

    void text(String s, int start, int end) {
      listOpen = -1;
      b.append(s, start, end);
    }

    void space() {
      int len = b.length();
      if (len == 0 || b.charAt(len - 1) == ' ' || b.charAt(len - 1) == '(') {
        return;
      }
      b.append(' ');
    }

    private void trimTrailingSpace() {
      int len = b.length();
      if (len > 0 && b.charAt(len - 1) == ' ') {
        b.setLength(len - 1);
      }
    }

    String finish(boolean cut) {
      trimTrailingSpace();
      if (cut || b.length() > MAX_LENGTH) {
        b.setLength(Math.min(b.length(), MAX_LENGTH));
        b.append("...");
      }
      return b.toString();
    }
  }
}
