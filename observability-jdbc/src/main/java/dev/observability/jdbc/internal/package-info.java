/**
 * Implementation details of the JDBC module: the wrappers, the instrumentation and the SQL
 * sanitizer. Internal; not for public use, may change at any time.
 */
@NullMarked
package dev.observability.jdbc.internal;

import org.jspecify.annotations.NullMarked;
