package dev.observability.jdbc.internal;

/**
 * Bound parameter values of a prepared statement, kept only when the user opted in, and then at
 * most 32 values of at most 64 characters each; rendered through redaction before any log.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class Parameters {

  private static final int MAX = 32;
  private static final int MAX_CHARS = 64;
  private final String[] values = new String[MAX];
  private int highest;

  /**
   * Records the value of parameter {@code index} (1-based).
   *
   * @param index the parameter index
   * @param value the value
   */
  public synchronized void set(int index, Object value) {
    if (index < 1 || index > MAX) {
      return;
    }
    String text =
        value == null ? "NULL" : value instanceof byte[] ? "<bytes>" : String.valueOf(value);
    values[index - 1] = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
    highest = Math.max(highest, index);
  }

  /** Forgets all values. */
  public synchronized void clear() {
    java.util.Arrays.fill(values, null);
    highest = 0;
  }

  @Override
  public synchronized String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < highest; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(values[i]);
    }
    return b.append(']').toString();
  }
}
