/**
 * Implementation details of the core module. Internal; not for public use, may change at any time.
 */
package dev.observability.core.internal;
