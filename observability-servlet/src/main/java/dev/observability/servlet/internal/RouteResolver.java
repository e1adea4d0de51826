package dev.observability.servlet.internal;

import dev.observability.servlet.RequestObservabilityFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a request into a bounded {@code http.route}: a registered template first, then the servlet
 * mapping, then a normaliser that replaces ID-like path segments with {@code {id}}. Routes that did
 * not come from a template count against a cap; past it they fold into {@value #OTHER}. A 404 whose
 * route came from the normaliser is reported as {@value #NOT_FOUND} and mints nothing.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class RouteResolver {

  /** The route of everything past the cap. */
  public static final String OTHER = RequestObservabilityFilter.ROUTE_OTHER;

  /** The route of a 404 that no template or mapping explains. */
  public static final String NOT_FOUND = RequestObservabilityFilter.ROUTE_NOT_FOUND;

  private final List<String[]> templates;

  /** One candidate per template, shared by every request that matches it. */
  private final List<Candidate> templateCandidates;

  private final int maxRoutes;
  private final @Nullable String routeAttribute;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * Creates a resolver.
   *
   * @param templates route templates such as {@code /api/tasks/{id}}; a last segment {@code **}
   *     matches the rest of the path
   * @param maxRoutes the cap on distinct routes not from templates
   */
  public RouteResolver(List<String> templates, int maxRoutes) {
    this(templates, maxRoutes, null);
  }

  /**
   * Creates a resolver that also takes the route a framework matched, from a request attribute.
   *
   * @param templates route templates such as {@code /api/tasks/{id}}; a last segment {@code **}
   *     matches the rest of the path
   * @param maxRoutes the cap on distinct routes not from templates
   * @param routeAttribute the request attribute holding the framework's matched template, or {@code
   *     null}
   */
  public RouteResolver(List<String> templates, int maxRoutes, @Nullable String routeAttribute) {
    if (maxRoutes < 1) {
      throw new IllegalArgumentException("maxRoutes must be positive: " + maxRoutes);
    }
    this.templates = new ArrayList<>();
    this.templateCandidates = new ArrayList<>();
    for (String template : templates) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with '/': " + template);
      }
      this.templates.add(split(template));
      this.templateCandidates.add(new Candidate(template, true, false));
    }
    this.maxRoutes = maxRoutes;
    this.routeAttribute = routeAttribute;
  }

  /** A candidate route and whether it is already bounded (from a template). */
  public static final class Candidate {
    final String route;
    final boolean fromTemplate;
    final boolean fromNormaliser;

    Candidate(String route, boolean fromTemplate, boolean fromNormaliser) {
      this.route = route;
      this.fromTemplate = fromTemplate;
      this.fromNormaliser = fromNormaliser;
    }

    /** The route before bounding; do not use it as a metric label. */
    public String route() {
      return route;
    }
  }

  /**
   * Finds the candidate route of a request; cheap, and mints nothing.
   *
   * @param request the request
   * @return the candidate
   */
  public Candidate candidate(HttpServletRequest request) {
    return candidate(request, pathWithinContext(request));
  }

  /**
   * Finds the candidate route of a request whose path within the context is already known.
   *
   * @param request the request
   * @param path its {@linkplain #pathWithinContext(HttpServletRequest) path within the context}
   * @return the candidate
   */
  public Candidate candidate(HttpServletRequest request, String path) {
    Candidate template = matchTemplate(path);
    if (template != null) {
      return template;
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping != null && mapping.getMappingMatch() != null) {
      MappingMatch match = mapping.getMappingMatch();
      switch (match) {
        case EXACT:
        case EXTENSION:
          return new Candidate(mapping.getPattern(), false, false);
        case CONTEXT_ROOT:
          return new Candidate("/", false, false);
        case PATH:
          String servletPath = request.getServletPath();
          String pathInfo = request.getPathInfo();
          return new Candidate(
              (servletPath == null ? "" : servletPath)
                  + RouteNormaliser.normalise(pathInfo == null ? "" : pathInfo),
              false,
              false);
        default:
          break;
      }
    }
    return new Candidate(RouteNormaliser.normalise(path), false, true);
  }

  /**
   * Returns the candidate to bound at the end of a request: the framework's matched template when
   * there is one (and it explains the response), else the one found at the start.
   *
   * @param request the request
   * @param start the candidate found when the request started
   * @param status the response status
   * @return the candidate
   */
  public Candidate atEnd(HttpServletRequest request, Candidate start, int status) {
    if (routeAttribute == null || start.fromTemplate) {
      return start;
    }
    Object matched;
    try {
      matched = request.getAttribute(routeAttribute);
    } catch (RuntimeException recycled) {
      return start; // a request the container already recycled (a late async end)
    }
    if (matched == null) {
      return start;
    }
    String template = matched.toString();
    if (!template.startsWith("/") || (status == 404 && template.endsWith("/**"))) {
      return start;
    }
    return new Candidate(template, true, false);
  }

  /**
   * Returns the bounded route to report, given the final status.
   *
   * @param candidate from {@link #candidate(HttpServletRequest)}
   * @param status the response status
   * @return a route safe to use as a metric label
   */
  public String bound(Candidate candidate, int status) {
    if (candidate.fromTemplate) {
      return candidate.route;
    }
    if (candidate.fromNormaliser && status == 404) {
      return NOT_FOUND;
    }
    String route = candidate.route;
    if (seen.contains(route)) {
      return route;
    }
    if (seen.size() >= maxRoutes) {
      return OTHER;
    }
    seen.add(route);
    return route;
  }

  /**
   * Returns how many distinct routes have been minted.
   *
   * @return the count
   */
  public int distinctRoutes() {
    return seen.size();
  }

  private Candidate matchTemplate(String path) {
    for (int t = 0; t < templates.size(); t++) {
      if (matches(templates.get(t), path)) {
        return templateCandidates.get(t);
      }
    }
    return null;
  }

  /**
   * Whether {@code path} fits the template's segments; walks the path in place rather than
   * splitting it, since this runs on every request.
   */
  static boolean matches(String[] template, String path) {
    int n = path.length();
    int pos = path.startsWith("/") ? 1 : 0;
    boolean more = pos < n; // "/" and "" have no segments
    for (int i = 0; i < template.length; i++) {
      String part = template[i];
      if (part.equals("**") && i == template.length - 1) {
        return true;
      }
      if (!more) {
        return false;
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      boolean variable =
          part.length() > 1 && part.charAt(0) == '{' && part.charAt(part.length() - 1) == '}';
      if (!variable
          && !part.equals("*")
          && (end - pos != part.length() || !path.regionMatches(pos, part, 0, part.length()))) {
        return false;
      }
      more = end < n;
      pos = end + 1;
    }
    return !more;
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      return new String[0];
    }
    return trimmed.split("/", -1);
  }

  /**
   * Returns the decoded path below the context path.
   *
   * @param request the request
   * @return the path, starting with {@code /}
   */
  public static String pathWithinContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
