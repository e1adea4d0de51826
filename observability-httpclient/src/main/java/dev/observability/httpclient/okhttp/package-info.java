/**
 * The OkHttp integration: {@link dev.observability.httpclient.okhttp.OkHttpObservability}. Needs
 * OkHttp 5 on the class path (tested with 5.5; the interceptor API it uses is unchanged since 4,
 * which is not tested).
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.httpclient.okhttp;

import org.jspecify.annotations.NullMarked;
