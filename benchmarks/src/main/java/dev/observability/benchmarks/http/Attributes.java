package dev.observability.benchmarks.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;

/** Request attributes in two small arrays, allocated on first use as servers do. */
final class Attributes {
  private String[] names;
  private Object[] values;
  private int size;

  Object get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  void set(String name, Object value) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        values[i] = value;
        return;
      }
    }
    if (value == null) {
      return;
    }
    if (names == null) {
      names = new String[4];
      values = new Object[4];
    } else if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size++] = value;
  }

  Enumeration<String> names() {
    return size == 0
        ? Collections.emptyEnumeration()
        : Collections.enumeration(Arrays.asList(Arrays.copyOf(names, size)));
  }
}
