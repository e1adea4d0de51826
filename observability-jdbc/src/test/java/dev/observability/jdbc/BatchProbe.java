package dev.observability.jdbc;

import dev.observability.jdbc.internal.BatchProbeAccess;
import java.sql.SQLException;
import java.sql.Statement;

final class BatchProbe {
  private BatchProbe() {}

  static int pending(Statement statement) throws SQLException {
    return BatchProbeAccess.pending(statement);
  }

  static int cachedTexts(Statement statement) throws SQLException {
    return BatchProbeAccess.cachedTexts(statement);
  }
}
