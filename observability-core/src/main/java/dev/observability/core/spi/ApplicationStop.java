package dev.observability.core.spi;

import dev.observability.core.internal.MeterRegistries;

/**
 * What a web application that carries our jars (and the libraries under them) in its own class path
 * must do as it stops, after closing its instance: stop the threads those libraries start
 * statically and never stop, so that the application's class loader can go. The servlet module's
 * initializer does it when the application stops.
 *
 * <pre>{@code
 * Observability.closeGlobal();
 * ApplicationStop.releaseLibraryThreads();
 * }</pre>
 */
public final class ApplicationStop {

  private ApplicationStop() {}

  /**
   * Stops Prometheus' exemplar scheduler (a static daemon thread of {@code
   * prometheus-metrics-core}, started by the first exemplar) when it belongs to this class loader;
   * one on a shared class path serves other applications and is left alone. Call it only when
   * nothing loaded by this class loader will record a metric again. Never throws.
   */
  public static void releaseLibraryThreads() {
    MeterRegistries.stopExemplarScheduler();
  }
}
