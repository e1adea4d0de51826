package dev.observability.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * Tells the request filter who the user is, for the {@code user_id} MDC key and access-log field.
 *
 * <p>Called on the request thread when the request starts and again when it ends (so a user
 * authenticated further down the chain is still picked up). Must be fast and must not block; a
 * resolver that throws is treated as returning {@code null}. Do not return personal data such as
 * e-mail addresses: return an opaque ID.
 */
@FunctionalInterface
public interface UserIdResolver {

  /**
   * Returns the user ID of {@code request}.
   *
   * @param request the request
   * @return the user ID, or {@code null} when not known (yet)
   */
  @Nullable String userId(HttpServletRequest request);

  /**
   * Returns the resolver that uses {@link HttpServletRequest#getUserPrincipal()}.
   *
   * @return the principal-name resolver
   */
  static UserIdResolver principal() {
    return request -> {
      Principal principal = request.getUserPrincipal();
      return principal == null ? null : principal.getName();
    };
  }

  /**
   * Returns the resolver that reads a request attribute, for applications that authenticate in
   * their own filter and store the user ID there.
   *
   * @param name the attribute name
   * @return the attribute resolver
   */
  static UserIdResolver attribute(String name) {
    return request -> {
      Object value = request.getAttribute(name);
      return value == null ? null : value.toString();
    };
  }

  /**
   * Returns a resolver that asks this one, then {@code other} if this one knows nothing.
   *
   * @param other the fallback
   * @return the combined resolver
   */
  default UserIdResolver orElse(UserIdResolver other) {
    return request -> {
      String id = userId(request);
      return id != null ? id : other.userId(request);
    };
  }
}
