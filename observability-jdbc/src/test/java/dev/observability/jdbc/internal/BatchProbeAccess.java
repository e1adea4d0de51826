package dev.observability.jdbc.internal;

/** Test access to package-private state of the wrappers. */
public final class BatchProbeAccess {
  private BatchProbeAccess() {}

  public static int pending(java.sql.Statement statement) throws java.sql.SQLException {
    return statement.unwrap(StatementWrapper.class).pendingBatchSize();
  }

  public static int cachedTexts(java.sql.Statement statement) throws java.sql.SQLException {
    return statement.unwrap(StatementWrapper.class).instrumentation.cachedSqlTexts();
  }
}
