package dev.observability.benchmarks.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What a server knows of a request before any filter runs: method, path parts, client address and
 * headers. Immutable, so one instance serves every benchmark invocation, the way a server's parsed
 * request line costs the floor and the filters alike.
 */
public final class RequestLine {
  final String method;
  final String requestUri;
  final String servletPath;
  final String pathInfo;
  final String queryString;
  final String remoteAddr;
  private final String[] headers;
  private final List<String> headerNames;

  /**
   * Describes a request.
   *
   * @param method the HTTP method
   * @param servletPath the servlet path
   * @param pathInfo the path below the servlet, or null
   * @param queryString the query, or null
   * @param remoteAddr the peer address
   * @param headers header names and values, alternating
   */
  public RequestLine(
      String method,
      String servletPath,
      String pathInfo,
      String queryString,
      String remoteAddr,
      String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name, value pairs");
    }
    this.method = method;
    this.servletPath = servletPath;
    this.pathInfo = pathInfo;
    this.requestUri = pathInfo == null ? servletPath : servletPath + pathInfo;
    this.queryString = queryString;
    this.remoteAddr = remoteAddr;
    this.headers = headers.clone();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      names.add(headers[i]);
    }
    this.headerNames = List.copyOf(names);
  }

  String header(String name) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  Enumeration<String> headers(String name) {
    String value = header(name);
    return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
  }

  Enumeration<String> headerNames() {
    return Collections.enumeration(headerNames);
  }
}
