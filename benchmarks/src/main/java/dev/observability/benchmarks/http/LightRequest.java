package dev.observability.benchmarks.http;

import jakarta.servlet.*;
import jakarta.servlet.http.*;

/**
 * A Jakarta Servlet request held in a few fields: the lightweight request object of the filter
 * benchmarks.
 *
 * <p>A plain class, not a mock: what the benchmarks never call answers null, zero or false.
 */
@SuppressWarnings("deprecation")
public final class LightRequest implements HttpServletRequest {
  private final RequestLine line;
  private final Attributes attributes = new Attributes();

  /**
   * Creates a request.
   *
   * @param line what the server parsed
   */
  public LightRequest(RequestLine line) {
    this.line = line;
  }

  /** A request body with nothing in it. */
  private static final class EmptyInput extends ServletInputStream {
    @Override
    public boolean isFinished() {
      return true;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      // never asynchronous here
    }

    @Override
    public int read() {
      return -1;
    }
  }

  @Override
  public boolean authenticate(HttpServletResponse a0) throws java.io.IOException, ServletException {
    return false;
  }

  @Override
  public String changeSessionId() {
    return null;
  }

  @Override
  public AsyncContext getAsyncContext() {
    return null;
  }

  @Override
  public java.util.Enumeration<String> getAttributeNames() {
    return attributes.names();
  }

  @Override
  public Object getAttribute(String a0) {
    return attributes.get(a0);
  }

  @Override
  public String getAuthType() {
    return null;
  }

  @Override
  public String getCharacterEncoding() {
    return "UTF-8";
  }

  @Override
  public long getContentLengthLong() {
    return -1;
  }

  @Override
  public int getContentLength() {
    return -1;
  }

  @Override
  public String getContentType() {
    return null;
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public Cookie[] getCookies() {
    return null;
  }

  @Override
  public long getDateHeader(String a0) {
    return -1;
  }

  @Override
  public DispatcherType getDispatcherType() {
    return DispatcherType.REQUEST;
  }

  @Override
  public java.util.Enumeration<String> getHeaderNames() {
    return line.headerNames();
  }

  @Override
  public String getHeader(String a0) {
    return line.header(a0);
  }

  @Override
  public java.util.Enumeration<String> getHeaders(String a0) {
    return line.headers(a0);
  }

  @Override
  public ServletInputStream getInputStream() throws java.io.IOException {
    return new EmptyInput();
  }

  @Override
  public int getIntHeader(String a0) {
    String value = line.header(a0);
    return value == null ? -1 : Integer.parseInt(value);
  }

  @Override
  public String getLocalAddr() {
    return "127.0.0.1";
  }

  @Override
  public String getLocalName() {
    return "localhost";
  }

  @Override
  public int getLocalPort() {
    return 8080;
  }

  @Override
  public java.util.Locale getLocale() {
    return java.util.Locale.ROOT;
  }

  @Override
  public java.util.Enumeration<java.util.Locale> getLocales() {
    return java.util.Collections.enumeration(java.util.List.of(java.util.Locale.ROOT));
  }

  @Override
  public String getMethod() {
    return line.method;
  }

  @Override
  public java.util.Map<String, String[]> getParameterMap() {
    return java.util.Map.of();
  }

  @Override
  public java.util.Enumeration<String> getParameterNames() {
    return java.util.Collections.emptyEnumeration();
  }

  @Override
  public String[] getParameterValues(String a0) {
    return null;
  }

  @Override
  public String getParameter(String a0) {
    return null;
  }

  @Override
  public Part getPart(String a0) throws java.io.IOException, ServletException {
    return null;
  }

  @Override
  public java.util.Collection<Part> getParts() throws java.io.IOException, ServletException {
    return null;
  }

  @Override
  public String getPathInfo() {
    return line.pathInfo;
  }

  @Override
  public String getPathTranslated() {
    return null;
  }

  @Override
  public String getProtocolRequestId() {
    return null;
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public String getQueryString() {
    return line.queryString;
  }

  @Override
  public java.io.BufferedReader getReader() throws java.io.IOException {
    return new java.io.BufferedReader(new java.io.StringReader(""));
  }

  @Override
  public String getRemoteAddr() {
    return line.remoteAddr;
  }

  @Override
  public String getRemoteHost() {
    return line.remoteAddr;
  }

  @Override
  public int getRemotePort() {
    return 51000;
  }

  @Override
  public String getRemoteUser() {
    return null;
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String a0) {
    return null;
  }

  @Override
  public String getRequestId() {
    return null;
  }

  @Override
  public String getRequestURI() {
    return line.requestUri;
  }

  @Override
  public StringBuffer getRequestURL() {
    return new StringBuffer("http://localhost:8080").append(line.requestUri);
  }

  @Override
  public String getRequestedSessionId() {
    return null;
  }

  @Override
  public String getScheme() {
    return "http";
  }

  @Override
  public String getServerName() {
    return "localhost";
  }

  @Override
  public int getServerPort() {
    return 8080;
  }

  @Override
  public ServletConnection getServletConnection() {
    return null;
  }

  @Override
  public ServletContext getServletContext() {
    return null;
  }

  @Override
  public String getServletPath() {
    return line.servletPath;
  }

  @Override
  public HttpSession getSession() {
    return null;
  }

  @Override
  public HttpSession getSession(boolean a0) {
    return null;
  }

  @Override
  public java.security.Principal getUserPrincipal() {
    return null;
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public boolean isAsyncSupported() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return false;
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public boolean isUserInRole(String a0) {
    return false;
  }

  @Override
  public void login(String a0, String a1) throws ServletException {
    // not used by the benchmarks
  }

  @Override
  public void logout() throws ServletException {
    // not used by the benchmarks
  }

  @Override
  public void removeAttribute(String a0) {
    attributes.set(a0, null);
  }

  @Override
  public void setAttribute(String a0, Object a1) {
    attributes.set(a0, a1);
  }

  @Override
  public void setCharacterEncoding(String a0) throws java.io.UnsupportedEncodingException {
    // not used by the benchmarks
  }

  @Override
  public AsyncContext startAsync() throws IllegalStateException {
    return null;
  }

  @Override
  public AsyncContext startAsync(ServletRequest a0, ServletResponse a1)
      throws IllegalStateException {
    return null;
  }

  @Override
  public <T extends HttpUpgradeHandler> T upgrade(Class<T> a0)
      throws java.io.IOException, ServletException {
    return null;
  }
}
