package dev.observability.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), and a bridge to {@code
 * promtool check metrics}, Prometheus' own parser and linter.
 */
public final class PrometheusText {

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  /** Parses {@code text}, failing on any line that is not valid exposition format. */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 4 && parts[1].equals("TYPE")) {
          if (!Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
            throw new IllegalArgumentException("line " + number + ": bad type: " + line);
          }
          types.put(parts[2], parts[3]);
        }
        continue;
      }
      samples.add(parseSample(line, number));
    }
    return new PrometheusText(samples, types);
  }

  private static Sample parseSample(String line, int number) {
    int i = 0;
    while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("line " + number + ": no metric name: " + line);
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int start = i;
        while (isNameChar(line.charAt(i), i == start)) {
          i++;
        }
        String label = line.substring(start, i);
        if (label.isEmpty() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
          throw new IllegalArgumentException("line " + number + ": bad label: " + line);
        }
        i += 2;
        StringBuilder value = new StringBuilder();
        while (line.charAt(i) != '"') {
          char c = line.charAt(i);
          if (c == '\\') {
            char next = line.charAt(++i);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          i++;
        }
        i++;
        labels.put(label, value.toString());
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("line " + number + ": no value: " + line);
    }
    String[] rest = line.substring(i + 1).split(" ");
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(rest[0]);
        };
    return new Sample(name, labels, value);
  }

  private static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples named {@code name}. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The declared type of family {@code name}, or {@code null}. */
  public String type(String family) {
    return types.get(family);
  }

  /** Distinct label sets of the samples named {@code name}: the number of series. */
  public Set<String> series(String name) {
    Set<String> series = new TreeSet<>();
    for (Sample sample : samples(name)) {
      series.add(sample.labels().toString());
    }
    return series;
  }

  /** Whether promtool is installed. */
  public static boolean promtoolAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (new java.io.File(dir, "promtool").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code promtool check metrics} over {@code text}.
   *
   * @return promtool's exit code and output
   */
  public static String[] promtoolCheck(String text) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("promtool did not finish");
    }
    return new String[] {Integer.toString(process.exitValue()), output};
  }
}
