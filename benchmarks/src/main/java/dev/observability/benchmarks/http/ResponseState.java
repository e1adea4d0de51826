package dev.observability.benchmarks.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a response has been given: status, headers, body size; shared by both servlet APIs. */
final class ResponseState {
  int status = 200;
  boolean committed;
  String contentType;
  long bodyBytes;
  private List<String> headers;

  void setHeader(String name, String value) {
    if (headers != null) {
      for (int i = 0; i < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          headers.set(i + 1, value);
          return;
        }
      }
    }
    addHeader(name, value);
  }

  void addHeader(String name, String value) {
    if (headers == null) {
      headers = new ArrayList<>(8);
    }
    headers.add(name);
    headers.add(value);
  }

  String header(String name) {
    if (headers != null) {
      for (int i = 0; i < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          return headers.get(i + 1);
        }
      }
    }
    return null;
  }

  Collection<String> headers(String name) {
    List<String> found = new ArrayList<>(1);
    if (headers != null) {
      for (int i = 0; i < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          found.add(headers.get(i + 1));
        }
      }
    }
    return found;
  }

  Collection<String> headerNames() {
    List<String> names = new ArrayList<>();
    if (headers != null) {
      for (int i = 0; i < headers.size(); i += 2) {
        names.add(headers.get(i));
      }
    }
    return names;
  }
}
