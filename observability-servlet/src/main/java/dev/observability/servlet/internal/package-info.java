/**
 * Implementation details of the servlet module. Internal; not for public use, may change at any
 * time.
 */
@NullMarked
package dev.observability.servlet.internal;

import org.jspecify.annotations.NullMarked;
