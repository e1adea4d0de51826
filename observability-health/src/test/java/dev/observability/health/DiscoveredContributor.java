package dev.observability.health;

/** Found through ServiceLoader in {@link HealthRegistryTest}. */
public final class DiscoveredContributor implements HealthContributor {
  @Override
  public String name() {
    return "discovered";
  }

  @Override
  public Health check() {
    return Health.up().withDetail("via", "ServiceLoader");
  }
}
