package dev.observability.jdbc.internal;

import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Set;

/**
 * What the instrumentation knows about one SQL text: the sanitized form, the operation and the
 * table. Computed once per distinct text (see {@link SqlCache}) and reused for every execution.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class SqlInfo {

  private static final Set<String> OPERATIONS =
      Set.of(
          "SELECT",
          "INSERT",
          "UPDATE",
          "DELETE",
          "MERGE",
          "UPSERT",
          "REPLACE",
          "CALL",
          "EXEC",
          "EXECUTE",
          "WITH",
          "VALUES",
          "CREATE",
          "ALTER",
          "DROP",
          "TRUNCATE",
          "GRANT",
          "REVOKE",
          "BEGIN",
          "START",
          "COMMIT",
          "ROLLBACK",
          "SAVEPOINT",
          "RELEASE",
          "SET",
          "SHOW",
          "EXPLAIN",
          "COPY",
          "LOCK",
          "ANALYZE",
          "VACUUM",
          "COMMENT",
          "DECLARE",
          "FETCH",
          "CLOSE",
          "PREPARE");

  private final String sanitized;
  private final String operation;
  private final String collection;
  private final String spanName;

  /** The timer of successful executions, cached so the common path allocates nothing. */
  volatile Timer successTimer;

  SqlInfo(String sanitized, String operation, String collection) {
    this.sanitized = sanitized;
    this.operation = operation;
    this.collection = collection;
    this.spanName = collection.isEmpty() ? operation : operation + " " + collection;
  }

  /**
   * Analyses a sanitized statement.
   *
   * @param sanitized the output of {@link SqlSanitizer}
   * @return the info
   */
  public static SqlInfo of(String sanitized) {
    String[] words = words(sanitized, 64);
    String operation = "OTHER";
    int first = 0;
    while (first < words.length
        && (words[first].equals("{")
            || words[first].equals("?=")
            || words[first].equals("?")
            || words[first].equals("=")
            || words[first].equals("("))) {
      first++;
    }
    if (first < words.length) {
      String word = words[first].toUpperCase(Locale.ROOT);
      if (OPERATIONS.contains(word)) {
        operation = word;
      }
    }
    String target =
        switch (operation) {
          case "SELECT", "DELETE" -> after(words, "FROM");
          case "INSERT", "MERGE", "REPLACE", "UPSERT" -> after(words, "INTO");
          case "UPDATE" -> first + 1 < words.length ? words[first + 1] : "";
          case "CALL", "EXEC", "EXECUTE" -> first + 1 < words.length ? words[first + 1] : "";
          default -> "";
        };
    return new SqlInfo(sanitized, operation, collectionName(target));
  }

  private static String after(String[] words, String keyword) {
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equalsIgnoreCase(keyword)) {
        return words[i + 1];
      }
    }
    return "";
  }

  /** A plain (optionally schema-qualified, optionally quoted) name, else empty. */
  private static String collectionName(String word) {
    String w = word;
    int paren = w.indexOf('(');
    if (paren >= 0) {
      w = w.substring(0, paren);
    }
    if (w.isEmpty() || w.length() > 64 || w.equals("?") || w.startsWith("(")) {
      return "";
    }
    StringBuilder name = new StringBuilder(w.length());
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$') {
        name.append(c);
      } else if (c != '"' && c != '`' && c != '[' && c != ']') {
        return "";
      }
    }
    return name.toString();
  }

  /** Splits on white space and around parentheses and commas, at most {@code max} words. */
  private static String[] words(String text, int max) {
    java.util.List<String> words = new java.util.ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n && words.size() < max) {
      char c = text.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      if (c == '(' || c == ')' || c == ',' || c == '{' || c == '}' || c == ';') {
        words.add(String.valueOf(c));
        i++;
        continue;
      }
      int end = i;
      while (end < n && " (),{};".indexOf(text.charAt(end)) < 0) {
        end++;
      }
      words.add(text.substring(i, end));
      i = end;
    }
    return words.toArray(new String[0]);
  }

  /** The sanitized statement, for {@code db.query.text} and logs. */
  public String sanitized() {
    return sanitized;
  }

  /** The operation, such as {@code SELECT}; {@code OTHER} when not recognised. */
  public String operation() {
    return operation;
  }

  /** The table, or empty when not evident. */
  public String collection() {
    return collection;
  }

  /** The span name: {@code operation collection}. */
  public String spanName() {
    return spanName;
  }
}
