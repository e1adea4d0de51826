/**
 * Implementation details of the health module. Internal; not for public use, may change at any
 * time.
 */
package dev.observability.health.internal;
