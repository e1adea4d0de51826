/**
 * Implementation details of the health module. Internal; not for public use, may change at any
 * time.
 */
@NullMarked
package dev.observability.health.internal;

import org.jspecify.annotations.NullMarked;
