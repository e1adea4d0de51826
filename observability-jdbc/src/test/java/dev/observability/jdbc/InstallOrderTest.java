package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A pool or tool opens connections through the driver before the application installs. */
class InstallOrderTest {

  private static final String URL = "jdbc:observability:h2:mem:install-order;DB_CLOSE_DELAY=-1";

  private static void select() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL)) {
      connection.createStatement().executeQuery("SELECT 1").close();
    }
  }

  @Test
  void connectionsOpenedAfterInstallReportToTheInstalledInstance() throws Exception {
    select(); // before install(): the instance made from the environment
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Observability installed =
        Observability.builder()
            .registerShutdownHook(false)
            .set("observability.metrics.jvm.enabled", "false")
            .meterRegistry(meters)
            .install()) {
      select();
      assertThat(
              meters.find(ObservableDataSource.METRIC_OPERATION_DURATION).timers().stream()
                  .mapToLong(Timer::count)
                  .sum())
          .isEqualTo(1);
    }
  }
}
