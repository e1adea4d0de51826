package dev.observability.examples.todo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads, as far as the ops kit's expressions need. */
final class PromQl {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> WORDS =
      Set.of(
          "sum",
          "by",
          "rate",
          "increase",
          "histogram_quantile",
          "max",
          "min",
          "avg",
          "without",
          "on",
          "ignoring",
          "and",
          "or",
          "unless",
          "le",
          "offset",
          "count",
          "topk",
          "vector",
          "scalar",
          "max_over_time",
          "group_left",
          "group_right");

  private PromQl() {}

  /** Metric and recording-rule names (the latter contain a colon) in {@code expressions}. */
  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    Pattern word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    for (String expr : expressions) {
      String bare =
          expr.replaceAll("\"[^\"]*\"", "\"\"")
              .replaceAll("\\{[^}]*}", " ")
              .replaceAll("\\[[^]]*]", " ")
              .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
      Matcher m = word.matcher(bare);
      while (m.find()) {
        String name = m.group();
        if (!WORDS.contains(name) && (name.contains("_") || name.contains(":"))) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
