package dev.observability.benchmarks;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.observability.core.Redaction;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.mask.RegexValueMasker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redaction of clean and PII-dense text of 1 KB, 128 KB and 2 MB: a loop that only reads every
 * character (the floor), ours, the equivalent set of java.util.regex patterns, and
 * logstash-logback-encoder's regex value maskers with the same patterns. Throughput in MB/s is size
 * / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RedactionBenchmark {

  /** The kinds ours masks, as regular expressions, as a regex-based masker would configure them. */
  static final List<Pattern> PATTERNS =
      List.of(
          Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
          Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"),
          Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"),
          Pattern.compile("(?i)(?:bearer|basic)\\s+[A-Za-z0-9._~+/=-]+"),
          Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
          Pattern.compile("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}"),
          Pattern.compile("(?i)(password|passwd|secret|token|api_?key|authorization)=[^&\\s]+"),
          Pattern.compile("(?i)\"(password|passwd|secret|token|api_?key)\"\\s*:\\s*\"[^\"]*\""));

  @Param({"1024", "131072", "2097152"})
  public int size;

  @Param({"clean", "dense"})
  public String text;

  private String input;
  private RegexValueMasker[] maskers;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    String[] words = {
      "the", "order", "was", "shipped", "to", "Berlin", "on", "Monday", "and", "request", "handled",
      "in", "42", "ms", "status", "200", "user", "agent", "cache", "hit"
    };
    String[] pii = {
      "jane.doe@example.com",
      "4111 1111 1111 1111",
      "password=hunter2",
      "Bearer abc123DEF456ghi789",
      "{\"token\":\"s3cr3t\"}",
      "AKIAIOSFODNN7EXAMPLE"
    };
    StringBuilder b = new StringBuilder(size + 64);
    while (b.length() < size) {
      if (text.equals("dense") && random.nextInt(8) == 0) {
        b.append(pii[random.nextInt(pii.length)]);
      } else {
        b.append(words[random.nextInt(words.length)]);
      }
      b.append(' ');
    }
    input = b.substring(0, size);
    maskers =
        PATTERNS.stream().map(p -> new RegexValueMasker(p, "***")).toArray(RegexValueMasker[]::new);
  }

  @Benchmark
  public int floorReadEveryCharacter() {
    int sum = 0;
    for (int i = 0; i < input.length(); i++) {
      sum += input.charAt(i);
    }
    return sum;
  }

  @Benchmark
  public String ours() {
    return Redaction.redact(input);
  }

  @Benchmark
  public String regexPatterns() {
    String out = input;
    for (Pattern pattern : PATTERNS) {
      Matcher matcher = pattern.matcher(out);
      if (matcher.find()) {
        out = matcher.replaceAll("***");
      }
    }
    return out;
  }

  @Benchmark
  public Object logstashRegexMaskers() {
    Object value = input;
    for (RegexValueMasker masker : maskers) {
      Object masked = masker.mask((JsonStreamContext) null, value);
      if (masked != null) {
        value = masked;
      }
    }
    return value;
  }
}
