package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.testing.TsvCorpus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the labelled corpus in {@code pii-corpus.tsv}: every positive masked, every negative
 * unchanged.
 */
class RedactionCorpusTest {

  record Case(boolean positive, String kind, String input, List<String> secrets, int line) {
    @Override
    public String toString() {
      return line + " " + kind + ": " + input;
    }
  }

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (TsvCorpus.Row row : TsvCorpus.read(RedactionCorpusTest.class, "/pii-corpus.tsv")) {
      cases.add(new Case(row.get(0).equals("+"), row.get(1), row.get(2), row.list(3), row.line()));
    }
    return cases;
  }

  static Stream<Arguments> positives() throws IOException {
    return corpus().stream().filter(Case::positive).map(Arguments::of);
  }

  static Stream<Arguments> negatives() throws IOException {
    return corpus().stream().filter(c -> !c.positive()).map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("positives")
  void masksEveryPositive(Case c) {
    String out = Redaction.redact(c.input());
    assertThat(out).as("output for %s", c).isNotEqualTo(c.input()).contains(Redaction.MASK);
    for (String secret : c.secrets()) {
      assertThat(out).as("output for %s", c).doesNotContain(secret);
    }
  }

  @ParameterizedTest
  @MethodSource("negatives")
  void leavesEveryNegativeUnchanged(Case c) {
    assertThat(Redaction.redact(c.input())).isEqualTo(c.input());
  }

  /**
   * Long text is scanned in chunks of 1,024 characters; every case placed across the first and
   * second chunk boundaries, inside a long text, comes out as it does alone.
   */
  @Test
  void longTextIsRedactedAsItsPartsAre() throws IOException {
    String filler =
        "the order was shipped to Berlin on Monday and handled in 42 ms by agent seven ".repeat(40);
    for (Case c : corpus()) {
      if (c.input().chars().filter(ch -> ch == '"').count() % 2 == 1) {
        continue; // an unterminated JSON string runs on into whatever follows: no longer "alone"
      }
      String alone = Redaction.redact(c.input());
      for (int boundary : new int[] {1024, 2048}) {
        for (int before = -c.input().length() - 2; before <= 2; before++) {
          int prefixLength = boundary + before - 1;
          String prefix = filler.substring(0, prefixLength);
          String suffix = filler.substring(0, 1500);
          String text = prefix + "\n" + c.input() + "\n" + suffix;
          assertThat(Redaction.redact(text))
              .as("%s at %d", c, prefixLength)
              .isEqualTo(prefix + "\n" + alone + "\n" + suffix);
        }
      }
    }
  }

  @Test
  void corpusIsLargeAndCoversEveryKind() throws IOException {
    List<Case> cases = corpus();
    Map<String, Integer> perKind = new TreeMap<>();
    cases.forEach(c -> perKind.merge((c.positive() ? "+" : "-") + c.kind(), 1, Integer::sum));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    assertThat(perKind)
        .containsKeys(
            "+email",
            "+card",
            "+jwt",
            "+authorization",
            "+aws",
            "+token",
            "+secret_value",
            "+json",
            "+url_credentials",
            "-uuid",
            "-timestamp",
            "-order_number",
            "-version",
            "-prose",
            "-not_email");
  }
}
