/**
 * Implementation details of the servlet module. Internal; not for public use, may change at any
 * time.
 */
package dev.observability.servlet.internal;
