/**
 * The Apache HttpClient 5 integration: {@link
 * dev.observability.httpclient.apache.ApacheHttpClientObservability}. Needs {@code httpclient5} on
 * the class path.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.httpclient.apache;

import org.jspecify.annotations.NullMarked;
