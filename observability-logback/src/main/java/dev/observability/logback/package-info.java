/**
 * Logback integration: {@link dev.observability.logback.RedactingValueMasker} masks every string
 * value of a JSON event written by logstash-logback-encoder, and {@link
 * dev.observability.logback.RedactingConverter} provides {@code %redact(...)} for pattern layouts.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.logback;

import org.jspecify.annotations.NullMarked;
