package dev.observability.core.elsewhere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.core.Observed;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/** Services are often package-private, in another package than the proxy's. */
class PackagePrivateServiceTest {

  interface Greeter {
    String greet(String name);

    default String shout(String name) {
      return greet(name).toUpperCase(java.util.Locale.ROOT);
    }
  }

  static final class RealGreeter implements Greeter {
    @Override
    @Timed("greeter.greet")
    public String greet(String name) {
      return "hello " + name;
    }
  }

  @Test
  void packagePrivateInterfacesAndImplementationsWork() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(OpenTelemetry.noop())
            .meterRegistry(meters)
            .build();
    Greeter greeter = Observed.proxy(observability, Greeter.class, new RealGreeter());
    assertThat(greeter.greet("jane")).isEqualTo("hello jane");
    assertThat(greeter.shout("bob")).isEqualTo("HELLO BOB");
    assertThat(meters.get("greeter.greet").timer().count()).isEqualTo(1);
    observability.close();
  }
}
