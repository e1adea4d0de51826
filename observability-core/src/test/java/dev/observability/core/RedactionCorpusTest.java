package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the labelled corpus in {@code pii-corpus.tsv}: every positive masked, every negative unchanged. */
class RedactionCorpusTest {

  record Case(boolean positive, String kind, String input, List<String> secrets, int line) {
    @Override
    public String toString() {
      return line + " " + kind + ": " + input;
    }
  }

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(
            RedactionCorpusTest.class.getResourceAsStream("/pii-corpus.tsv"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        List<String> secrets = new ArrayList<>();
        if (!columns[3].isEmpty()) {
          for (String secret : columns[3].split("\\|")) {
            secrets.add(unescape(secret));
          }
        }
        cases.add(new Case(columns[0].equals("+"), columns[1], unescape(columns[2]), secrets, number));
      }
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

  @Test
  void corpusIsLargeAndCoversEveryKind() throws IOException {
    List<Case> cases = corpus();
    Map<String, Integer> perKind = new TreeMap<>();
    cases.forEach(c -> perKind.merge((c.positive() ? "+" : "-") + c.kind(), 1, Integer::sum));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    assertThat(perKind).containsKeys("+email", "+card", "+jwt", "+authorization", "+aws", "+token",
        "+secret_value", "+json", "+url_credentials", "-uuid", "-timestamp", "-order_number",
        "-version", "-prose", "-not_email");
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        switch (next) {
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          default -> b.append(next);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
