package dev.observability.jdbc.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a JDBC URL tells about the database: the semantic-convention system name, host and port.
 *
 * <p>Internal; not for public use, may change at any time.
 *
 * @param system the {@code db.system.name}
 * @param host the server address, or {@code null}
 * @param port the server port, or -1
 */
public record DatabaseUrl(String system, @Nullable String host, int port) {

  /**
   * Parses a JDBC URL such as {@code jdbc:postgresql://db:5432/app}.
   *
   * @param url the URL, may be {@code null}
   * @return what could be read from it
   */
  public static DatabaseUrl parse(@Nullable String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      return new DatabaseUrl("other_sql", null, -1);
    }
    String rest = url.substring(5);
    int colon = rest.indexOf(':');
    String sub = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    String system =
        switch (sub) {
          case "postgresql", "pgsql" -> "postgresql";
          case "mysql" -> "mysql";
          case "mariadb" -> "mariadb";
          case "h2" -> "h2";
          case "hsqldb" -> "hsqldb";
          case "derby" -> "derby";
          case "sqlite" -> "sqlite";
          case "oracle" -> "oracle.db";
          case "sqlserver", "jtds" -> "microsoft.sql_server";
          case "db2" -> "ibm.db2";
          case "clickhouse", "ch" -> "clickhouse";
          case "snowflake" -> "snowflake";
          default -> "other_sql";
        };
    String host = null;
    int port = -1;
    int slashes = rest.indexOf("//");
    if (slashes >= 0) {
      int start = slashes + 2;
      int at = rest.indexOf('@', start);
      int end = start;
      while (end < rest.length() && "/;?,".indexOf(rest.charAt(end)) < 0) {
        end++;
      }
      if (at >= start && at < end) {
        start = at + 1; // user-info is never reported
      }
      String authority = rest.substring(start, end);
      int portColon =
          authority.startsWith("[")
              ? authority.indexOf(':', authority.indexOf(']'))
              : authority.lastIndexOf(':');
      if (portColon > 0) {
        host = authority.substring(0, portColon);
        try {
          port = Integer.parseInt(authority.substring(portColon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      } else if (!authority.isEmpty()) {
        host = authority;
      }
    }
    return new DatabaseUrl(system, host, port);
  }

  /** Whether {@code "…"} is a string literal in this dialect (MySQL, MariaDB by default). */
  public boolean doubleQuotedStrings() {
    return system.equals("mysql") || system.equals("mariadb");
  }
}
