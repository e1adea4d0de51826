package dev.observability.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.observability.testing.TsvCorpus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlSanitizerTest {

  record Case(String sql, String expected, List<String> literals, int line) {
    @Override
    public String toString() {
      return line + ": " + sql;
    }
  }

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (TsvCorpus.Row row : TsvCorpus.read(SqlSanitizerTest.class, "/sql-corpus.tsv")) {
      cases.add(new Case(row.get(0), row.get(1), row.list(2), row.line()));
    }
    return cases;
  }

  static Stream<Arguments> cases() throws IOException {
    return corpus().stream().map(Arguments::of);
  }

  @Test
  void backslashesEscapeOnlyInMysql() {
    String sql = "SELECT * FROM t WHERE name = 'O\\'Brien' AND b = 'secret'";
    assertThat(SqlSanitizer.sanitize(sql, true))
        .isEqualTo("SELECT * FROM t WHERE name = ? AND b = ?");
    assertThat(SqlSanitizer.sanitize("SELECT 'C:\\dir\\', 'secret'", false))
        .isEqualTo("SELECT ?, ?");
  }

  @Test
  void mysqlCommentsDoNotNest() {
    assertThat(SqlSanitizer.sanitize("SELECT /* a /* b */ 1, 'x'", true)).isEqualTo("SELECT ?, ?");
    assertThat(SqlSanitizer.sanitize("SELECT /* a /* b */ 1, 'x' */ 2", false))
        .isEqualTo("SELECT ?");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sanitizesTheCorpus(Case c) {
    String out = SqlSanitizer.sanitize(c.sql(), false);
    if (!c.expected().equals("*")) {
      assertThat(out).isEqualTo(c.expected());
    }
    for (String literal : c.literals()) {
      assertThat(out).doesNotContain(literal);
    }
  }

  @Test
  void corpusHoldsAtLeastAHundredStatements() throws IOException {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void mysqlDoubleQuotesAreStringsAndHashIsAComment() {
    assertThat(SqlSanitizer.sanitize("SELECT * FROM t WHERE a = \"bob\" # trailing hunter2", true))
        .isEqualTo("SELECT * FROM t WHERE a = ?");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"'", "\"", "$$", "/*", "--", "E'", "$a$", "0x", "(", ")", "((", "''''", "\\'"})
  void neverThrowsOnFragments(String fragment) {
    for (int i = 0; i < 5; i++) {
      String sql = "SELECT " + fragment.repeat(i) + " x " + fragment;
      assertThat(SqlSanitizer.sanitize(sql, false)).isNotNull();
      assertThat(SqlSanitizer.sanitize(sql, true)).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"'a", "$$", "/*", "(?,", "1,", "$t$", "x'", "E'\\", "-- \n", "\"q"})
  void oneMegabyteStatementsComeBackInLinearTime(String unit) {
    String sql = "SELECT " + unit.repeat(1_048_576 / unit.length());
    String out =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SqlSanitizer.sanitize(sql, false));
    assertThat(out.length()).isLessThanOrEqualTo(SqlSanitizer.MAX_LENGTH + 3);
  }

  @Test
  void longStatementsAreCutWithAnEllipsis() {
    String sql = "SELECT " + "col, ".repeat(2_000) + "last FROM t WHERE secret = 'hunter2'";
    String out = SqlSanitizer.sanitize(sql, false);
    assertThat(out).hasSize(SqlSanitizer.MAX_LENGTH + 3).endsWith("...").doesNotContain("hunter2");
  }

  @Test
  void infoNamesOperationAndTable() {
    assertThat(info("SELECT a FROM public.users WHERE id = 1")).isEqualTo("SELECT public.users");
    assertThat(info("insert into \"tasks\" (a) values (1)")).isEqualTo("INSERT tasks");
    assertThat(info("UPDATE accounts SET x = 1")).isEqualTo("UPDATE accounts");
    assertThat(info("DELETE FROM sessions")).isEqualTo("DELETE sessions");
    assertThat(info("{call update_balance(?, ?)}")).isEqualTo("CALL update_balance");
    assertThat(info("SELECT 1")).isEqualTo("SELECT");
    assertThat(info("SELECT * FROM (SELECT 1) x")).isEqualTo("SELECT");
    assertThat(info("frobnicate everything")).isEqualTo("OTHER");
  }

  private static String info(String sql) {
    return SqlInfo.of(SqlSanitizer.sanitize(sql, false)).spanName();
  }
}
