package dev.observability.testing;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Collaborators that fail on purpose, for the tests that prove our failures stay inside. */
public final class Faults {

  private Faults() {}

  /**
   * A registry whose filter throws whenever a meter whose name starts with {@code prefix} is
   * created, as a buggy {@link MeterFilter} of an application does.
   */
  public static SimpleMeterRegistry registryThrowingOnMetersNamed(String prefix) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith(prefix)) {
                  throw new IllegalStateException("meter filter bug");
                }
                return id;
              }
            });
    return registry;
  }
}
