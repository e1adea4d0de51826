package dev.observability.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends the end-to-end section to {@code RESULTS.md} from the rows {@code e2e.sh} collected:
 * medians per set-up over the rounds, and ratios to the floor.
 */
public final class EndToEndReport {

  private EndToEndReport() {}

  public static void main(String[] args) throws IOException {
    Map<String, List<double[]>> byMode = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.split("\t");
      byMode
          .computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(
              new double[] {
                Double.parseDouble(f[2]), millis(f[3]), millis(f[4]), Double.parseDouble(f[5])
              });
    }
    double[] floor = medians(byMode.get("off"));
    StringBuilder md =
        new StringBuilder("\n## End to end (todo service under wrk)\n\n")
            .append(args.length > 2 ? args[2] + ". " : "")
            .append("Medians over the rounds; the set-ups alternate within each round.\n\n")
            .append(
                "| set-up | requests/s | of floor | p50 ms | p99 ms | start-up ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<double[]>> e : byMode.entrySet()) {
      double[] m = medians(e.getValue());
      String name =
          switch (e.getKey()) {
            case "off" -> "library off (floor)";
            case "ours" -> "this library on";
            case "ours-quiet" -> "this library on, access log off";
            case "agent" -> "OpenTelemetry Java agent";
            default -> e.getKey();
          };
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %.1f%% | %.2f | %.2f | %,.0f |%n",
              name,
              m[0],
              100 * m[0] / floor[0],
              m[1],
              m[2],
              m[3]));
    }
    md.append('\n').append(goals(floor, byMode));
    Files.writeString(Path.of(args[1]), Files.readString(Path.of(args[1])) + md);
  }

  /** The end-to-end goals against this run's medians. */
  private static String goals(double[] floor, Map<String, List<double[]>> byMode) {
    if (!byMode.containsKey("ours") || !byMode.containsKey("agent")) {
      return "";
    }
    double ours = medians(byMode.get("ours"))[0] / floor[0];
    double agent = medians(byMode.get("agent"))[0] / floor[0];
    StringBuilder md =
        new StringBuilder("| goal | figure in this run | met |\n| --- | --- | --- |\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| ≥ 97%% of the floor's throughput with everything on | %.1f%% | %s |%n",
            100 * ours,
            ours >= 0.97 ? "yes" : "**no**"));
    md.append(
        String.format(
            Locale.ROOT,
            "| less overhead than the Java agent | ours %.1f%%, agent %.1f%% of the floor | %s |%n",
            100 * ours,
            100 * agent,
            ours > agent ? "yes" : "**no**"));
    if (byMode.containsKey("ours-quiet")) {
      double quiet = medians(byMode.get("ours-quiet"))[0] / floor[0];
      md.append(
          String.format(
              Locale.ROOT,
              "| the same, like for like (the agent writes no access log) | ours without "
                  + "the access log %.1f%%, agent %.1f%% | %s |%n",
              100 * quiet,
              100 * agent,
              quiet > agent ? "yes" : "**no**"));
    }
    return md.toString();
  }

  private static double millis(String wrkDuration) {
    String d = wrkDuration.trim();
    if (d.endsWith("us")) {
      return Double.parseDouble(d.substring(0, d.length() - 2)) / 1000;
    }
    if (d.endsWith("ms")) {
      return Double.parseDouble(d.substring(0, d.length() - 2));
    }
    if (d.endsWith("s")) {
      return Double.parseDouble(d.substring(0, d.length() - 1)) * 1000;
    }
    return Double.parseDouble(d);
  }

  private static double[] medians(List<double[]> rows) {
    double[] out = new double[4];
    for (int c = 0; c < 4; c++) {
      double[] column = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        column[r] = rows.get(r)[c];
      }
      java.util.Arrays.sort(column);
      int n = column.length;
      out[c] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
    }
    return out;
  }
}
