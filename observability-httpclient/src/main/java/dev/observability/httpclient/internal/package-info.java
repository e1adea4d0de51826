/**
 * Implementation details of the outbound HTTP module. Internal; not for public use, may change at
 * any time.
 */
@NullMarked
package dev.observability.httpclient.internal;

import org.jspecify.annotations.NullMarked;
