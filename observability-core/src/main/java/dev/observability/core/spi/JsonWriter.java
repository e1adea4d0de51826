package dev.observability.core.spi;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes the small JSON documents the SDK's modules answer with (error bodies, health reports)
 * without a JSON library, so that none is forced on the application.
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder();
 * JsonWriter.append(out, Map.of("status", "up", "checks", List.of("db")));
 * }</pre>
 */
public final class JsonWriter {

  private JsonWriter() {}

  /**
   * Appends {@code value} as JSON: strings, numbers, booleans, null, maps and iterables.
   *
   * @param out where to write
   * @param value the value
   */
  public static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) value).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> entry = it.next();
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        append(out, entry.getValue());
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (value instanceof Iterable) {
      out.append('[');
      Iterator<?> it = ((Iterable<?>) value).iterator();
      while (it.hasNext()) {
        append(out, it.next());
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  /**
   * Appends {@code s} as a JSON string, escaping quotes, backslashes, control characters and the
   * characters that could close a surrounding script element.
   *
   * @param out where to write
   * @param s the string
   */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || (c >= 0x7f && c <= 0x9f)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
