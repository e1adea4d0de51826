package com.example.bootsmoke;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A Boot service with no line of observability code. */
@SpringBootApplication
@RestController
public class GreetingApplication {

  private final JdbcTemplate jdbc;

  GreetingApplication(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/greet/{name}")
  Map<String, Object> greet(@PathVariable String name) {
    return Map.of("greeting", jdbc.queryForObject("SELECT CONCAT('hello ', ?)", String.class, name));
  }

  public static void main(String[] args) {
    SpringApplication.run(GreetingApplication.class, args);
  }
}
