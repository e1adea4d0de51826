/**
 * Outbound HTTP: {@link dev.observability.httpclient.ObservedHttpClient} wraps the JDK's {@code
 * java.net.http.HttpClient}; {@code okhttp} and {@code apache} hold the optional OkHttp and Apache
 * HttpClient 5 integrations. Each call gets a CLIENT span, carries the trace context and request ID
 * to the callee, and is timed in {@code http.client.request.duration}.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.httpclient;

import org.jspecify.annotations.NullMarked;
