package dev.observability.jdbc.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded cache of {@link SqlInfo} by SQL text, so a prepared statement (or a repeated plain one)
 * is sanitized once. When full it is cleared rather than grown: a service with more distinct
 * statements than the bound pays for sanitizing, never for memory.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class SqlCache {

  private final ConcurrentHashMap<String, SqlInfo> cache = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final boolean doubleQuotedStrings;

  /**
   * Creates a cache.
   *
   * @param maxEntries the bound
   * @param doubleQuotedStrings passed to {@link SqlSanitizer#sanitize(String, boolean)}
   */
  public SqlCache(int maxEntries, boolean doubleQuotedStrings) {
    this.maxEntries = maxEntries;
    this.doubleQuotedStrings = doubleQuotedStrings;
  }

  /**
   * Returns the info for {@code sql}.
   *
   * @param sql the statement text
   * @return the info
   */
  public SqlInfo get(String sql) {
    if (sql == null) {
      return SqlInfo.of("");
    }
    SqlInfo info = cache.get(sql);
    if (info != null) {
      return info;
    }
    info = SqlInfo.of(SqlSanitizer.sanitize(sql, doubleQuotedStrings));
    if (sql.length() <= 16 * 1024) { // huge one-off statements are not worth keeping
      if (cache.size() >= maxEntries) {
        cache.clear();
      }
      cache.putIfAbsent(sql, info);
    }
    return info;
  }

  /** How many entries are cached. */
  public int size() {
    return cache.size();
  }
}
