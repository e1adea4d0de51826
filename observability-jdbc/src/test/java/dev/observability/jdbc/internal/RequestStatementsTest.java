package dev.observability.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestStatementsTest {

  private static Map<String, Integer> repeated(
      JdbcInstrumentation.RequestStatements statements, int threshold) {
    Map<String, Integer> out = new LinkedHashMap<>();
    statements.forEachRepeated(threshold, out::put);
    return out;
  }

  @Test
  void countsEqualTextAsOneStatementAndBatchesTowardTheTotalOnly() {
    var statements = new JdbcInstrumentation.RequestStatements();
    statements.count("select * from t where id = ?");
    statements.count(new String("select * from t where id = ?")); // equal, not the same instance
    statements.count("select * from u");
    statements.count(null);
    assertThat(statements.total()).isEqualTo(4);
    assertThat(repeated(statements, 1))
        .containsExactly(
            Map.entry("select * from t where id = ?", 2), Map.entry("select * from u", 1));
    assertThat(repeated(statements, 2)).containsOnlyKeys("select * from t where id = ?");
  }

  @Test
  void keepsCountingPastTheArraysAndTheIndexThreshold() {
    var statements = new JdbcInstrumentation.RequestStatements();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 100; i++) {
        statements.count("select " + i);
      }
    }
    assertThat(statements.total()).isEqualTo(300);
    Map<String, Integer> counts = repeated(statements, 1);
    assertThat(counts).hasSize(100).containsEntry("select 0", 3).containsEntry("select 99", 3);
    assertThat(repeated(statements, 4)).isEmpty();
  }
}
