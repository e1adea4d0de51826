package dev.observability.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders JMH's JSON results as {@code RESULTS.md}: first the goals, each with the figure that
 * decides it, then the filter's cost by step, then every figure: the median of the forks' means,
 * the mean with its 99.9% error, and the allocation per operation from {@code -prof gc}; with the
 * JDK, the core count and how the run was made.
 *
 * <pre>
 * java -cp benchmarks.jar dev.observability.benchmarks.ResultsReport results.json RESULTS.md "mode"
 * </pre>
 */
public final class ResultsReport {

  private final JsonNode results;
  private final StringBuilder md = new StringBuilder();

  private ResultsReport(JsonNode results) {
    this.results = results;
  }

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    String mode = args.length > 2 ? args[2] : "";
    Files.writeString(Path.of(args[1]), new ResultsReport(results).render(mode));
  }

  private String render(String mode) {
    md.append("# Benchmark results\n\n");
    md.append("Produced by `benchmarks/run.sh")
        .append(mode.contains("short") ? " --short" : "")
        .append("` on ")
        .append(LocalDate.now())
        .append(". Do not edit by hand: run the script again.\n\n");
    JsonNode first = results.get(0);
    md.append("- JDK: ")
        .append(first.path("jdkVersion").asText())
        .append(' ')
        .append(first.path("vmName").asText())
        .append(' ')
        .append(first.path("vmVersion").asText())
        .append('\n');
    md.append("- Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("; shared, so figures move between runs: compare rows of the same run only\n");
    md.append("- Method: JMH ")
        .append(first.path("jmhVersion").asText())
        .append(", mode ")
        .append(first.path("mode").asText())
        .append(", ")
        .append(first.path("forks").asInt())
        .append(" fork(s) × ")
        .append(first.path("measurementIterations").asInt())
        .append(" measurement iteration(s) of ")
        .append(first.path("measurementTime").asText())
        .append(" after ")
        .append(first.path("warmupIterations").asInt())
        .append(
            " warm-up iteration(s). **median** is the median of the forks' means (the figure the goals use); ")
        .append(
            "mean ± error is JMH's score over all iterations with its 99.9% confidence interval; ")
        .append("bytes/op is `gc.alloc.rate.norm` from `-prof gc`.")
        .append(mode.isEmpty() ? "" : " Run: " + mode + ".")
        .append("\n\n");
    goals();
    filterSteps();
    tables();
    return md.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Goals

  private void goals() {
    md.append("## Goals\n\n| goal | figure in this run | met |\n| --- | --- | --- |\n");
    filterGoal();
    jdbcGoal("h2");
    jdbcGoal("stub");
    httpClientGoal("stub");
    httpClientGoal("loopback");
    redactionGoal();
    idGoal();
    md.append(
            "\nThe end-to-end goal (at least 97% of the floor's throughput, less overhead than the Java agent) ")
        .append("is in the last section.\n\n");
  }

  private void filterGoal() {
    JsonNode floor = find("FilterBenchmark.request", "variant=floor");
    JsonNode ours = find("FilterBenchmark.request", "variant=ours-sampled-log-on");
    if (floor == null || ours == null) {
      row(
          "Filter: ≤ 1 µs and ≤ 1 KB beyond the floor, tracing on, access log written",
          "not measured",
          "");
      return;
    }
    double time = median(ours) - median(floor);
    double bytes = bytes(ours) - bytes(floor);
    row(
        "Filter: ≤ 1 µs and ≤ 1 KB beyond the floor, tracing on, access log written",
        String.format(Locale.ROOT, "+%s ns, +%s B", number(time), number(bytes)),
        yes(time <= 1000 && bytes <= 1024));
    StringBuilder peers = new StringBuilder();
    boolean cheapest = true;
    cheapest &=
        peer(
            peers,
            "Logbook (its log written)",
            find("FilterBenchmark.request", "variant=logbook-log-on"),
            floor,
            time);
    cheapest &=
        peer(
            peers,
            "OpenTelemetry servlet filter",
            find("FilterBenchmark.request", "variant=otel-servlet"),
            find("FilterBenchmark.request", "variant=floor-javax"),
            time);
    row(
        "Filter: cheaper than every peer",
        "ours +" + number(time) + " ns; " + peers,
        yes(cheapest));
  }

  private void jdbcGoal(String database) {
    String db = "database=" + database;
    JsonNode raw = find("JdbcBenchmark.statementCycle", "wrapper=raw", db, "statement=small");
    JsonNode traced =
        find("JdbcBenchmark.statementCycle", "wrapper=observability", db, "statement=small");
    JsonNode untraced =
        find(
            "JdbcBenchmark.statementCycle",
            "wrapper=observability-untraced",
            db,
            "statement=small");
    String goal =
        "JDBC ("
            + database
            + "): ≤ 150 ns per statement beyond raw, no allocation on the cached path";
    if (raw == null || traced == null || untraced == null) {
      row(goal, "not measured", "");
      return;
    }
    double tracedTime = median(traced) - median(raw);
    double untracedTime = median(untraced) - median(raw);
    double untracedBytes = bytes(untraced) - bytes(raw);
    row(
        goal + ": without tracing (metrics, slow-query and N+1 detection)",
        String.format(Locale.ROOT, "+%s ns, +%s B", number(untracedTime), number(untracedBytes)),
        yes(untracedTime <= 150 && untracedBytes <= 0));
    JsonNode span = find("PrimitivesBenchmark.spanStartEnd");
    row(
        goal + ": with a client span per statement",
        String.format(
            Locale.ROOT,
            "+%s ns, +%s B%s",
            number(tracedTime),
            number(bytes(traced) - bytes(raw)),
            span == null
                ? ""
                : "; the SDK's bare span alone costs "
                    + number(median(span))
                    + " ns, "
                    + number(bytes(span))
                    + " B"),
        yes(tracedTime <= 150 && bytes(traced) - bytes(raw) <= 0));
    StringBuilder peers = new StringBuilder();
    boolean cheapest = true;
    for (String peer : List.of("datasource-proxy", "p6spy")) {
      cheapest &=
          peer(
              peers,
              peer,
              find("JdbcBenchmark.statementCycle", "wrapper=" + peer, db, "statement=small"),
              raw,
              untracedTime);
    }
    row(
        "JDBC (" + database + "): cheaper than the peers that do not trace",
        "ours untraced +" + number(untracedTime) + " ns; " + peers,
        yes(cheapest));
    peers.setLength(0);
    cheapest =
        peer(
            peers,
            "OpenTelemetry JDBC",
            find("JdbcBenchmark.statementCycle", "wrapper=otel-jdbc", db, "statement=small"),
            raw,
            tracedTime);
    row(
        "JDBC (" + database + "): cheaper than the peer that traces",
        "ours traced +" + number(tracedTime) + " ns; " + peers,
        yes(cheapest));
  }

  private void httpClientGoal(String target) {
    String where = "target=" + target;
    JsonNode bare = find("HttpClientBenchmark.call", "client=bare", where);
    JsonNode ours = find("HttpClientBenchmark.call", "client=observability", where);
    String goal =
        "HTTP client (" + target + "): cheaper than OpenTelemetry's JDK client instrumentation";
    if (bare == null || ours == null) {
      row(goal, "not measured", "");
      return;
    }
    double oursTime = median(ours) - median(bare);
    StringBuilder peers = new StringBuilder();
    boolean cheapest =
        peer(
            peers,
            "OpenTelemetry",
            find("HttpClientBenchmark.call", "client=otel-java-http-client", where),
            bare,
            oursTime);
    row(
        goal,
        String.format(
                Locale.ROOT,
                "ours +%s ns, +%s B; ",
                number(oursTime),
                number(bytes(ours) - bytes(bare)))
            + peers,
        yes(cheapest));
  }

  /** Appends a peer's overhead over its floor; true when ours is the smaller. */
  private boolean peer(StringBuilder out, String name, JsonNode peer, JsonNode floor, double ours) {
    if (peer == null || floor == null) {
      return true;
    }
    double overhead = median(peer) - median(floor);
    if (out.length() > 0) {
      out.append("; ");
    }
    out.append(name).append(" +").append(number(overhead)).append(" ns");
    return ours < overhead;
  }

  private void redactionGoal() {
    List<String> speeds = new ArrayList<>();
    boolean fast = true;
    boolean fiveTimes = true;
    double worstRatio = Double.MAX_VALUE;
    String worstInput = "";
    for (String size : List.of("1024", "131072", "2097152")) {
      for (String text : List.of("clean", "dense")) {
        JsonNode ours = find("RedactionBenchmark.ours", "size=" + size, "text=" + text);
        if (ours == null) {
          continue;
        }
        double micros = median(ours);
        if (text.equals("clean")) {
          double mbPerSecond = Integer.parseInt(size) / micros; // bytes per µs = MB/s
          speeds.add(String.format(Locale.ROOT, "%s: %.0f MB/s", label(size), mbPerSecond));
          fast &= mbPerSecond >= 300;
        }
        for (String peer : List.of("regexPatterns", "logstashRegexMaskers")) {
          JsonNode other = find("RedactionBenchmark." + peer, "size=" + size, "text=" + text);
          if (other != null) {
            double ratio = median(other) / micros;
            fiveTimes &= ratio >= 5;
            if (ratio < worstRatio) {
              worstRatio = ratio;
              worstInput = peer + " on " + label(size) + " " + text;
            }
          }
        }
      }
    }
    if (speeds.isEmpty()) {
      row("Redaction: ≥ 300 MB/s on clean text; ≥ 5× the regex equivalents", "not measured", "");
      return;
    }
    row("Redaction: ≥ 300 MB/s on clean text", String.join(", ", speeds), yes(fast));
    row(
        "Redaction: ≥ 5× the regex equivalents on every input",
        String.format(Locale.ROOT, "smallest ratio %.1f× (%s)", worstRatio, worstInput),
        yes(fiveTimes));
  }

  private void idGoal() {
    JsonNode id1 = find("PrimitivesBenchmark.requestIdOneThread");
    JsonNode id2 = find("PrimitivesBenchmark.requestIdTwoThreads");
    JsonNode uuid1 = find("PrimitivesBenchmark.uuidOneThread");
    JsonNode uuid2 = find("PrimitivesBenchmark.uuidTwoThreads");
    if (id1 == null || id2 == null || uuid1 == null) {
      row(
          "IDs: faster than UUID.randomUUID(), no slower at 2 threads than at 1",
          "not measured",
          "");
      return;
    }
    row(
        "IDs: faster than `UUID.randomUUID()`",
        String.format(Locale.ROOT, "%s ns vs %s ns", number(median(id1)), number(median(uuid1))),
        yes(median(id1) < median(uuid1)));
    // Two threads on two shared cores: equal within the larger of the two errors counts as no
    // slower.
    double margin = Math.max(error(id1), error(id2));
    row(
        "IDs: no slower at 2 threads than at 1",
        String.format(
            Locale.ROOT,
            "%s ns at 1, %s ns at 2 (UUID: %s at 1, %s at 2)",
            number(median(id1)),
            number(median(id2)),
            number(median(uuid1)),
            uuid2 == null ? "?" : number(median(uuid2))),
        yes(median(id2) <= median(id1) + margin));
  }

  private void row(String goal, String figure, String met) {
    md.append("| ")
        .append(goal)
        .append(" | ")
        .append(figure)
        .append(" | ")
        .append(met)
        .append(" |\n");
  }

  private static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }

  private static String label(String size) {
    int bytes = Integer.parseInt(size);
    return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
  }

  // ---------------------------------------------------------------------------------------------
  // The filter by step

  private void filterSteps() {
    JsonNode floor = find("FilterBenchmark.request", "variant=floor");
    JsonNode ours = find("FilterBenchmark.request", "variant=ours-sampled-log-on");
    String[][] steps = {
      {"ID", "requestIdOneThread"},
      {"context and MDC", "stepContextAndMdc"},
      {"timer", "stepTimer"},
      {"span (with export)", "stepServerSpan"},
      {"access-log event", "stepAccessLogEvent"},
    };
    if (floor == null || ours == null || find("PrimitivesBenchmark." + steps[0][1]) == null) {
      return;
    }
    md.append(
            "## The filter's cost by step\n\nEach step measured alone (PrimitivesBenchmark, same values as the filter); ")
        .append(
            "the rest is the filter's own glue: route, client address, redaction of path and user agent, ")
        .append("propagation, response header, request attributes.\n\n")
        .append("| step | median ns | bytes/op |\n| --- | ---: | ---: |\n");
    double time = 0;
    double bytes = 0;
    for (String[] step : steps) {
      JsonNode result = find("PrimitivesBenchmark." + step[1]);
      if (result != null) {
        time += median(result);
        bytes += bytes(result);
        md.append("| ")
            .append(step[0])
            .append(" | ")
            .append(number(median(result)))
            .append(" | ")
            .append(number(bytes(result)))
            .append(" |\n");
      }
    }
    double total = median(ours) - median(floor);
    double totalBytes = bytes(ours) - bytes(floor);
    md.append("| sum of the steps | ")
        .append(number(time))
        .append(" | ")
        .append(number(bytes))
        .append(" |\n")
        .append("| the filter beyond its floor | ")
        .append(number(total))
        .append(" | ")
        .append(number(totalBytes))
        .append(" |\n")
        .append("| glue (difference) | ")
        .append(number(total - time))
        .append(" | ")
        .append(number(totalBytes - bytes))
        .append(" |\n\n");
  }

  // ---------------------------------------------------------------------------------------------
  // Every figure

  private void tables() {
    String currentClass = null;
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asText();
      String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
      String simpleClass = className.substring(className.lastIndexOf('.') + 1);
      if (!simpleClass.equals(currentClass)) {
        if (currentClass != null) {
          md.append('\n');
        }
        currentClass = simpleClass;
        md.append("## ")
            .append(simpleClass)
            .append(
                "\n\n| benchmark | parameters | threads | median | mean ± error | unit | bytes/op |\n")
            .append("| --- | --- | --- | ---: | ---: | --- | ---: |\n");
      }
      JsonNode primary = result.path("primaryMetric");
      double error = primary.path("scoreError").asDouble();
      md.append("| ")
          .append(benchmark.substring(benchmark.lastIndexOf('.') + 1))
          .append(" | ")
          .append(String.join(", ", params(result)))
          .append(" | ")
          .append(result.path("threads").asInt())
          .append(" | ")
          .append(number(median(result)))
          .append(" | ")
          .append(number(primary.path("score").asDouble()))
          .append(Double.isNaN(error) ? "" : " ± " + number(error))
          .append(" | ")
          .append(primary.path("scoreUnit").asText())
          .append(" | ")
          .append(Double.isNaN(bytes(result)) ? "" : number(bytes(result)))
          .append(" |\n");
    }
    md.append('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the results

  /**
   * The result of {@code benchmark} (class.method) whose parameters include all of {@code params}.
   */
  private JsonNode find(String benchmark, String... params) {
    for (JsonNode result : results) {
      if (result.path("benchmark").asText().endsWith("." + benchmark)
          && params(result).containsAll(Arrays.asList(params))) {
        return result;
      }
    }
    return null;
  }

  private static List<String> params(JsonNode result) {
    JsonNode params = result.path("params");
    List<String> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = params.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(e.getKey() + "=" + e.getValue().asText());
    }
    return parts;
  }

  /** The median of the forks' mean scores. */
  static double median(JsonNode result) {
    JsonNode forks = result.path("primaryMetric").path("rawData");
    if (!forks.isArray() || forks.isEmpty()) {
      return result.path("primaryMetric").path("score").asDouble();
    }
    double[] means = new double[forks.size()];
    for (int f = 0; f < forks.size(); f++) {
      double sum = 0;
      for (JsonNode iteration : forks.get(f)) {
        sum += iteration.asDouble();
      }
      means[f] = sum / forks.get(f).size();
    }
    Arrays.sort(means);
    int n = means.length;
    return n % 2 == 1 ? means[n / 2] : (means[n / 2 - 1] + means[n / 2]) / 2;
  }

  private static double error(JsonNode result) {
    double error = result.path("primaryMetric").path("scoreError").asDouble();
    return Double.isNaN(error) ? 0 : error;
  }

  private static double bytes(JsonNode result) {
    JsonNode secondary = result.path("secondaryMetrics");
    JsonNode alloc = secondary.path("·gc.alloc.rate.norm");
    if (alloc.isMissingNode()) {
      alloc = secondary.path("gc.alloc.rate.norm");
    }
    return alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble();
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
