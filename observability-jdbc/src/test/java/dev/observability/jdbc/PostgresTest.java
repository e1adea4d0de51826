package dev.observability.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real PostgreSQL server, started from the binaries in a jar. */
class PostgresTest extends DatabaseContract {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Override
  DataSource rawDataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  String system() {
    return "postgresql";
  }

  @Override
  String sleepQuery(long millis, String literal) {
    return "SELECT pg_sleep(" + (millis / 1000.0) + "), '" + literal + "'";
  }

  @Override
  void createAddOne(Statement statement) throws SQLException {
    statement.execute(
        "CREATE OR REPLACE FUNCTION add_one(v integer) RETURNS integer AS $$ SELECT v + 1 $$ LANGUAGE sql");
  }

  @Override
  String missingTableSqlState() {
    return "42P01";
  }
}
