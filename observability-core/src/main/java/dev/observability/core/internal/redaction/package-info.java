/**
 * The redaction engine: one linear {@code Scan} over the text that hands each trigger character to
 * the detector of its kind (e-mail, card number, key-value and JSON, URL credentials, tokens).
 * Internal; not for public use, may change at any time.
 */
@NullMarked
package dev.observability.core.internal.redaction;

import org.jspecify.annotations.NullMarked;
