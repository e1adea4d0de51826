package dev.observability.benchmarks.http;

import jakarta.servlet.*;
import jakarta.servlet.http.*;

/**
 * A Jakarta Servlet response held in a few fields.
 *
 * <p>A plain class, not a mock: the body is counted and dropped; what the benchmarks never call
 * answers null, zero or false.
 */
@SuppressWarnings("deprecation")
public final class LightResponse implements HttpServletResponse {
  private final ResponseState state = new ResponseState();
  private CountingOutput output;

  /** Creates an empty response with status 200. */
  public LightResponse() {}

  /**
   * Returns how many body bytes were written.
   *
   * @return the count
   */
  public long bodyBytes() {
    return state.bodyBytes;
  }

  /** Counts the bytes written and drops them; the first byte commits the response. */
  private static final class CountingOutput extends ServletOutputStream {
    private final ResponseState state;

    CountingOutput(ResponseState state) {
      this.state = state;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      // never asynchronous here
    }

    @Override
    public void write(int b) {
      state.bodyBytes++;
      state.committed = true;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      state.bodyBytes += len;
      state.committed = true;
    }
  }

  @Override
  public void addCookie(Cookie a0) {
    // not used by the benchmarks
  }

  @Override
  public void addDateHeader(String a0, long a1) {
    // not used by the benchmarks
  }

  @Override
  public void addHeader(String a0, String a1) {
    // not used by the benchmarks
  }

  @Override
  public void addIntHeader(String a0, int a1) {
    // not used by the benchmarks
  }

  @Override
  public boolean containsHeader(String a0) {
    return state.header(a0) != null;
  }

  @Override
  public String encodeRedirectURL(String a0) {
    return null;
  }

  @Override
  public String encodeURL(String a0) {
    return null;
  }

  @Override
  public void flushBuffer() throws java.io.IOException {
    state.committed = true;
  }

  @Override
  public int getBufferSize() {
    return 8192;
  }

  @Override
  public String getCharacterEncoding() {
    return "UTF-8";
  }

  @Override
  public String getContentType() {
    return state.contentType;
  }

  @Override
  public java.util.Collection<String> getHeaderNames() {
    return state.headerNames();
  }

  @Override
  public String getHeader(String a0) {
    return state.header(a0);
  }

  @Override
  public java.util.Collection<String> getHeaders(String a0) {
    return state.headers(a0);
  }

  @Override
  public java.util.Locale getLocale() {
    return java.util.Locale.ROOT;
  }

  @Override
  public ServletOutputStream getOutputStream() throws java.io.IOException {
    if (output == null) {
      output = new CountingOutput(state);
    }
    return output;
  }

  @Override
  public int getStatus() {
    return state.status;
  }

  @Override
  public java.io.PrintWriter getWriter() throws java.io.IOException {
    return new java.io.PrintWriter(
        new java.io.OutputStreamWriter(getOutputStream(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public boolean isCommitted() {
    return state.committed;
  }

  @Override
  public void resetBuffer() {
    // not used by the benchmarks
  }

  @Override
  public void reset() {
    // not used by the benchmarks
  }

  @Override
  public void sendError(int a0, String a1) throws java.io.IOException {
    state.status = a0;
    state.committed = true;
  }

  @Override
  public void sendError(int a0) throws java.io.IOException {
    state.status = a0;
    state.committed = true;
  }

  @Override
  public void sendRedirect(String a0) throws java.io.IOException {
    // not used by the benchmarks
  }

  @Override
  public void setBufferSize(int a0) {
    // not used by the benchmarks
  }

  @Override
  public void setCharacterEncoding(String a0) {
    // not used by the benchmarks
  }

  @Override
  public void setContentLengthLong(long a0) {
    // not used by the benchmarks
  }

  @Override
  public void setContentLength(int a0) {
    // not used by the benchmarks
  }

  @Override
  public void setContentType(String a0) {
    state.contentType = a0;
  }

  @Override
  public void setDateHeader(String a0, long a1) {
    // not used by the benchmarks
  }

  @Override
  public void setHeader(String a0, String a1) {
    state.setHeader(a0, a1);
  }

  @Override
  public void setIntHeader(String a0, int a1) {
    state.setHeader(a0, Integer.toString(a1));
  }

  @Override
  public void setLocale(java.util.Locale a0) {
    // not used by the benchmarks
  }

  @Override
  public void setStatus(int a0) {
    state.status = a0;
  }
}
