/**
 * Implementation details of the core module. Internal; not for public use, may change at any time.
 */
@NullMarked
package dev.observability.core.internal;

import org.jspecify.annotations.NullMarked;
