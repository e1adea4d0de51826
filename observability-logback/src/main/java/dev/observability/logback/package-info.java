/**
 * Logback integration: {@link dev.observability.logback.RedactingValueMasker} masks every string
 * value of a JSON event written by logstash-logback-encoder, and {@link
 * dev.observability.logback.RedactingConverter} provides {@code %redact(...)} for pattern layouts.
 */
package dev.observability.logback;
