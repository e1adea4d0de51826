package dev.observability.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders JMH's JSON results as {@code RESULTS.md}: every figure with its error, the allocation
 * per operation from {@code -prof gc}, the JDK, the core count, and how the run was made.
 *
 * <pre>java -cp benchmarks.jar dev.observability.benchmarks.ResultsReport results.json RESULTS.md "mode"</pre>
 */
public final class ResultsReport {

  private ResultsReport() {}

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    String mode = args.length > 2 ? args[2] : "";
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n");
    md.append("Produced by `benchmarks/run.sh").append(mode.contains("short") ? " --short" : "").append("` on ")
        .append(LocalDate.now()).append(". Do not edit by hand: run the script again.\n\n");
    JsonNode first = results.get(0);
    md.append("- JDK: ").append(first.path("jdkVersion").asText()).append(' ')
        .append(first.path("vmName").asText()).append(' ').append(first.path("vmVersion").asText()).append('\n');
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n');
    md.append("- Method: JMH ").append(first.path("jmhVersion").asText()).append(", mode ")
        .append(first.path("mode").asText()).append(", ").append(first.path("forks").asInt()).append(" fork(s) × ")
        .append(first.path("measurementIterations").asInt()).append(" measurement iteration(s) of ")
        .append(first.path("measurementTime").asText()).append(" after ").append(first.path("warmupIterations").asInt())
        .append(" warm-up iteration(s); score is the mean with its 99.9% error; allocation from `-prof gc` ")
        .append("(`gc.alloc.rate.norm`, bytes per operation).").append(mode.isEmpty() ? "" : " Run: " + mode + ".").append("\n\n");
    String currentClass = null;
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asText();
      String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
      String simpleClass = className.substring(className.lastIndexOf('.') + 1);
      if (!simpleClass.equals(currentClass)) {
        currentClass = simpleClass;
        md.append("## ").append(simpleClass).append("\n\n| benchmark | parameters | threads | score | error | unit | bytes/op |\n")
            .append("| --- | --- | --- | ---: | ---: | --- | ---: |\n");
      }
      JsonNode primary = result.path("primaryMetric");
      JsonNode alloc = result.path("secondaryMetrics").path("·gc.alloc.rate.norm");
      if (alloc.isMissingNode()) {
        alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
      }
      md.append("| ").append(benchmark.substring(benchmark.lastIndexOf('.') + 1)).append(" | ")
          .append(params(result.path("params"))).append(" | ").append(result.path("threads").asInt()).append(" | ")
          .append(number(primary.path("score").asDouble())).append(" | ")
          .append(number(primary.path("scoreError").asDouble())).append(" | ")
          .append(primary.path("scoreUnit").asText()).append(" | ")
          .append(alloc.isMissingNode() ? "" : number(alloc.path("score").asDouble())).append(" |\n");
      if (!results.path(indexOf(results, result) + 1).isMissingNode()) {
        String next = results.get(indexOf(results, result) + 1).path("benchmark").asText();
        if (!next.startsWith(className + ".")) {
          md.append('\n');
        }
      }
    }
    md.append('\n');
    Files.writeString(Path.of(args[1]), md.toString());
  }

  private static int indexOf(JsonNode array, JsonNode element) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == element) {
        return i;
      }
    }
    return -1;
  }

  private static String params(JsonNode params) {
    if (params.isMissingNode()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = params.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(e.getKey() + "=" + e.getValue().asText());
    }
    return String.join(", ", parts);
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }
}
