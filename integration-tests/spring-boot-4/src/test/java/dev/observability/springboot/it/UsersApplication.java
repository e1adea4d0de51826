package dev.observability.springboot.it;

import dev.observability.health.Health;
import dev.observability.health.HealthContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot service as users write one: no line of it knows the library. */
@SpringBootApplication
public class UsersApplication {

  /** One of the application's own checks, written against the library's health API. */
  @Bean
  HealthContributor queue() {
    return HealthContributor.of("queue", Health::up);
  }

  @RestController
  static class Users {
    private final JdbcTemplate jdbc;

    Users(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping("/api/users/{name}")
    List<Map<String, Object>> user(@PathVariable String name) {
      return jdbc.queryForList("SELECT name, email FROM users WHERE name = ?", name);
    }

    /** One query per user, twelve times over: the N+1 the library reports. */
    @GetMapping("/api/report")
    List<Map<String, Object>> report() {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        rows.add(
            jdbc.queryForMap(
                "SELECT name, email FROM users WHERE name = ?", i % 2 == 0 ? "alice" : "bob"));
      }
      return rows;
    }

    @GetMapping("/api/slow")
    String slow() {
      jdbc.execute("CALL PAUSE(150)");
      return "done";
    }

    @GetMapping("/api/fail")
    String fail() {
      throw new IllegalStateException("payment for 4111 1111 1111 1111 failed: password=hunter2");
    }
  }
}
