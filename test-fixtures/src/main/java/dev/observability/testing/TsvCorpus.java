package dev.observability.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the labelled corpora the tests keep as tab-separated resources: one case a line, {@code #}
 * comments, columns with {@code \n}, {@code \r}, {@code \t} and {@code \\} escapes.
 */
public final class TsvCorpus {

  /** One line: its columns, unescaped, and its line number. */
  public record Row(List<String> columns, int line) {
    /** Column {@code i}, unescaped. */
    public String get(int i) {
      return columns.get(i);
    }

    /** Column {@code i} split on {@code |}, empty parts dropped. */
    public List<String> list(int i) {
      List<String> parts = new ArrayList<>();
      for (String part : columns.get(i).split("\\|")) {
        if (!part.isEmpty()) {
          parts.add(part);
        }
      }
      return parts;
    }
  }

  private TsvCorpus() {}

  /** Reads the class-path resource {@code name}. */
  public static List<Row> read(Class<?> anchor, String name) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(anchor.getResourceAsStream(name), name);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        List<String> columns = new ArrayList<>();
        for (String column : line.split("\t", -1)) {
          columns.add(unescape(column));
        }
        rows.add(new Row(columns, number));
      }
    }
    return rows;
  }

  static String unescape(String s) {
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
